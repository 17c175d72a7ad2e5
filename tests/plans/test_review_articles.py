"""A post published through the review workflow counts as an article activity, once."""

from __future__ import annotations

from django.utils import timezone

from mangxanh.plans.models import Activity, ActivityKind
from mangxanh.review.models import Draft
from tests.plans.conftest import user


def test_published_draft_becomes_one_article(demo):
    draft = Draft.objects.create(unit=demo["THCS-BENTHUY"], author=user("thcs.bientap"))
    assert not Activity.objects.exists()  # a draft is not an activity
    draft.status = "published"
    draft.published_at = timezone.now()
    draft.published_url = "https://thcsbenthuy.edu.vn/tin/canh-giac-lua-dao"
    draft.save()
    draft.save()  # saving again records nothing more
    activity = Activity.objects.get()
    assert (activity.unit, activity.kind) == (demo["THCS-BENTHUY"], ActivityKind.ARTICLE)
    assert activity.link == draft.published_url and activity.held_on == timezone.localdate()
