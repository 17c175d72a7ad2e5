"""Helpers for the authorisation matrix: every URL pattern, the demo's roles, a data snapshot."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mangxanh.org.demo import USERS
from mangxanh.org.models import Membership, Unit, UnitType


def _walk(patterns, namespace: str = "", chain: tuple = ()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, ns, (*chain, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            steps = (*chain, pattern.pattern)
            # Unnamed patterns (Django admin has some) are known by their route, inside their namespace.
            name = namespace + (pattern.name or "<" + "".join(map(str, steps)) + ">")
            yield name, steps


def url_names() -> list[str]:
    """'namespace:name' of every URL pattern of the project (unnamed ones as their route)."""
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def admin_url(name: str) -> str:
    """A concrete URL for any Django admin pattern, with placeholder arguments."""
    steps = dict(_walk(get_resolver().url_patterns))[name]
    if name.endswith(">"):  # unnamed: fill the route in by hand
        route = "".join(str(step).lstrip("^").rstrip("$") for step in steps)
        route = re.sub(r"<[^>]+>", "1", route)
        return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    kwargs = {}
    for step in steps:
        for key in getattr(step, "converters", {}):
            kwargs[key] = "1"
        regex = step.regex.pattern
        for key in step.regex.groupindex:
            choice = re.search(rf"\(\?P<{key}>([\w-]+)", regex)
            kwargs[key] = choice.group(1) if choice else "1"
    return reverse(name, kwargs=kwargs)


ROLES_BY_USER: dict[str, list[tuple[str, str]]] = {username: roles for username, _, roles, _ in USERS}


def snapshot() -> tuple:
    """The stored rows a forbidden request must leave untouched."""
    User = get_user_model()
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "name", "path", "is_active", "unit_type_id")),
        list(UnitType.objects.order_by("pk").values_list("pk", "name", "is_active")),
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "unit_id", "role")),
        list(User.objects.order_by("pk").values_list("pk", "username", "full_name", "email", "is_active", "password")),
    )


@pytest.fixture
def login_as(client):
    User = get_user_model()

    def log_in(username: str):
        client.logout()
        client.force_login(User.objects.get(username=username))
        return client

    return log_in
