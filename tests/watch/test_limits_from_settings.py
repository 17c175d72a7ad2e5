"""The fetch limits come from settings, and the page limit bounds a check."""

from __future__ import annotations

import pytest

from mangxanh.watch.checks import check_site, site_for
from mangxanh.watch.fetcher import Limits

pytestmark = pytest.mark.django_db


def test_defaults():
    limits = Limits.from_settings()
    assert (limits.pages, limits.page_bytes, limits.site_seconds) == (20, 1024 * 1024, 30.0)


def test_pages_per_site_bound_the_check(website, settings):
    settings.WATCH_MAX_PAGES = 2
    check = check_site(site_for(website))
    assert check.ok and check.pages_checked == 2
