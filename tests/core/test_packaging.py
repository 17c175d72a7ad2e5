"""Packaging tells the truth: `pip install .` brings every library the code loads at run time."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mangxanh"
DEV_TOOLS = {"pytest", "pytest-django", "hypothesis", "playwright", "ruff"}
# Loaded by name rather than imported: Django's PostgreSQL backend imports psycopg.
LOADED_BY_DJANGO = {"psycopg"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    return normalise(re.match(r"[A-Za-z0-9._-]+", spec.strip()).group(0))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared() -> set[str]:
    return {requirement_name(spec) for spec in pyproject()["project"]["dependencies"]}


def imported_top_level() -> set[str]:
    """Top-level names of absolute imports anywhere in the package (lazy imports inside functions too)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def named_in_settings() -> set[str]:
    """Modules the settings name as dotted strings: apps, middleware, back ends, storages."""
    dotted = [
        *settings.INSTALLED_APPS,
        *settings.MIDDLEWARE,
        *settings.AUTHENTICATION_BACKENDS,
        *(storage["BACKEND"] for storage in settings.STORAGES.values()),
        *(backend["BACKEND"] for backend in settings.TASKS.values()),
    ]
    return {name.split(".")[0] for name in dotted}


def third_party(modules: set[str]) -> set[str]:
    return {m for m in modules if m not in sys.stdlib_module_names and m not in {"mangxanh", "__future__"}}


def test_every_third_party_import_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    declared_names = declared()
    missing: dict[str, list[str]] = {}
    for module in sorted(third_party(imported_top_level() | named_in_settings() | LOADED_BY_DJANGO)):
        owners = [normalise(d) for d in distributions.get(module, [])]
        assert owners, f"{module} is imported but no installed distribution provides it"
        if not declared_names.intersection(owners):
            missing[module] = owners
    assert not missing, f"imported at run time but not in pyproject dependencies: {missing}"


def test_dev_tools_are_an_optional_extra_not_run_time_dependencies():
    project = pyproject()["project"]
    dev = {requirement_name(spec) for spec in project["optional-dependencies"]["dev"]}
    assert DEV_TOOLS <= dev
    assert not DEV_TOOLS & declared()


def test_every_declared_dependency_is_pinned_in_the_lock_file():
    pinned = {
        requirement_name(line)
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    wanted = declared() | {requirement_name(spec) for spec in pyproject()["project"]["optional-dependencies"]["dev"]}
    assert wanted <= pinned, f"not pinned in requirements.lock: {sorted(wanted - pinned)}"


def test_requirements_in_lists_the_run_time_dependencies():
    listed = {
        requirement_name(line)
        for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }
    assert declared() <= listed
