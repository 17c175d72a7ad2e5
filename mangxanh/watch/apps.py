from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "mangxanh.watch"
    label = "watch"
    verbose_name = "Giám sát an ninh kênh chính thức"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from mangxanh import audit
        from mangxanh.accounts.models import User
        from mangxanh.core import home, navigation
        from mangxanh.org.models import Membership
        from mangxanh.review.feeds import feed_fetched
        from mangxanh.watch import feedwatch, hygiene, panels
        from mangxanh.watch.models import ChannelHygiene, FeedProfile, HandoverTask, SecurityIncident

        audit.register(SecurityIncident, exclude=["fingerprint"])
        audit.register(ChannelHygiene, exclude=["updated_at"])
        audit.register(HandoverTask)
        post_delete.connect(hygiene.membership_ended, sender=Membership, dispatch_uid="watch.membership_ended")
        pre_save.connect(hygiene.user_deactivated, sender=User, dispatch_uid="watch.user_deactivated")
        from mangxanh.intake.models import CaseTask
        from mangxanh.watch import cases

        post_save.connect(cases.incident_saved, sender=SecurityIncident, dispatch_uid="watch.incident_case")
        post_save.connect(cases.task_saved, sender=CaseTask, dispatch_uid="watch.case_task")
        feed_fetched.connect(feedwatch.after_fetch, dispatch_uid="watch.feed_fetched")
        audit.register(FeedProfile, exclude=["updated_at", "sha256"])
        home.register(panels.watch_panel)
        panels.register_formula_functions()
        from mangxanh.plans import templates_data
        from mangxanh.watch import security_plan

        templates_data.register_filler("security_plan", security_plan.fill)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
