"""Ready document templates: the seed plans and directives encoded as YAML (data/templates/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from mangxanh.org.models import UnitType

TEMPLATE_DIR = Path(__file__).resolve().parent / "data" / "templates"

DOCUMENT_FIELDS = (
    "kind", "symbol", "title", "addressees", "basis", "purposes", "scope", "contents", "funding",
    "organisation", "reporting", "report_day", "report_month", "incident_reports", "recipients", "signer_title",
)


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    data: dict

    @property
    def tasks(self) -> list[dict]:
        return self.data.get("tasks", [])

    @property
    def kind(self) -> str:
        return self.data.get("kind", "plan")


# Templates that fill themselves from other apps' data (`fill: <name>` in the YAML): name ->
# filler(unit) -> {document field: text}. mangxanh.watch registers "security_plan".
FILLERS: dict = {}


def register_filler(name: str, filler) -> None:
    FILLERS[name] = filler


def filled_fields(template: Template, unit) -> dict:
    filler = FILLERS.get(template.data.get("fill", ""))
    return {field: value for field, value in (filler(unit) if filler else {}).items() if field in DOCUMENT_FIELDS}


@cache
def all_templates() -> dict[str, Template]:
    templates = {}
    for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        templates[data["code"]] = Template(data["code"], data["name"], data)
    return templates


def get(code: str) -> Template | None:
    return all_templates().get(code)


def document_fields(template: Template) -> dict:
    return {field: template.data[field] for field in DOCUMENT_FIELDS if template.data.get(field) is not None}


def task_types(task: dict) -> list[UnitType]:
    """Unit types a template task is assigned to, by kind or school level (types are editable data)."""
    kinds, levels = task.get("assigned_kinds") or [], task.get("assigned_levels") or []
    if not kinds and not levels:
        return []
    qs = UnitType.objects.filter(is_active=True)
    return [t for t in qs if t.kind in kinds or (t.school_level and t.school_level in levels)]


def task_due(task: dict, year: int) -> dt.date | None:
    due = task.get("due")
    if not due:
        return None
    month, day = (int(part) for part in str(due).split("-"))
    return dt.date(year, month, day)
