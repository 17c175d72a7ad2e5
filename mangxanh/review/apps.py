from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "mangxanh.review"
    label = "review"
    verbose_name = "Kiểm duyệt tin bài và kênh chính thức"

    def ready(self) -> None:
        from mangxanh import audit
        from mangxanh.core import home, navigation
        from mangxanh.review import panels, signals
        from mangxanh.review.models import Draft, DraftVersion, FlaggedTask, OfficialChannel, PublishedItem
        from mangxanh.scanning.service import scan_completed

        audit.register(OfficialChannel, exclude=["updated_at", "address_key", "name_key"], m2m=["admin_users"])
        audit.register(Draft, exclude=["updated_at", "claimed_by", "claimed_at", "latest_scan", "scan_verdict"])
        audit.register(FlaggedTask)
        for code, label in (("submit", "Gửi duyệt"), ("approve", "Phê duyệt"), ("return", "Trả lại để sửa"),
                            ("reject", "Từ chối"), ("publish", "Ghi nhận đã đăng"),
                            ("task_decision", "Quyết định xử lý bài đã đăng")):
            audit.register_action(code, label)
        scan_completed.connect(signals.published_item_scanned, sender=PublishedItem,
                               dispatch_uid="review.published_item_scanned")
        scan_completed.connect(signals.draft_version_scanned, sender=DraftVersion,
                               dispatch_uid="review.draft_version_scanned")
        home.register(panels.review_panel)
        for entry in panels.NAV_ENTRIES:
            navigation.register(entry)
