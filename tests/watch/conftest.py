"""Fixtures for the watch tests: the loopback school site and a registered website channel."""

from __future__ import annotations

import pytest

from mangxanh.review.models import OfficialChannel
from tests.watch.fixture_site import FixtureSites


@pytest.fixture(scope="session")
def fixture_server():
    sites = FixtureSites()
    yield sites
    sites.close()


@pytest.fixture
def sites(fixture_server, settings):
    """The fixture server, reset to clean sites, and loopback allowed for this test only."""
    settings.WATCH_ALLOW_HOSTS = ["127.0.0.1"]
    for n in list(fixture_server.variants) + list(fixture_server.redirect) + list(fixture_server.down):
        fixture_server.restore(n)
    fixture_server.slow = 0.0
    yield fixture_server
    for n in list(fixture_server.variants) + list(fixture_server.redirect) + list(fixture_server.down):
        fixture_server.restore(n)


@pytest.fixture
def website(demo, sites) -> OfficialChannel:
    """THCS Bến Thủy's website, registered at the fixture site 0."""
    return OfficialChannel.objects.create(unit=demo["THCS-BENTHUY"], kind="website", name="Website THCS Bến Thủy",
                                          address=sites.url(0))
