"""Resolve the engine for a unit: default policy ← ancestors' changes ← the unit's own."""

from __future__ import annotations

import hashlib
import json
import threading

import yaml

from mangxanh.engine import Engine, PolicyError, load_policy
from mangxanh.engine.policy import merge_policy
from mangxanh.org.models import Unit

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_MAX_ENGINES = 32


def parse_unit_policy(text: str) -> dict:
    """Parse and validate one unit's policy YAML; ValueError with a Vietnamese message if bad."""
    if not text or not text.strip():
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"Chính sách không phải YAML hợp lệ: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError("Chính sách phải là một bảng YAML (các khóa như categories, rules, allow).")
    try:
        load_policy(data)
    except PolicyError as exc:
        raise ValueError(str(exc)) from exc
    return data


def unit_policy_dict(unit: Unit) -> dict:
    """The merged changes of every unit from the root down to unit (lower units win)."""
    from mangxanh.scanning.models import UnitPolicy

    paths = unit.ancestor_paths()
    rows = {p.unit.path: p for p in UnitPolicy.objects.filter(unit__path__in=paths).select_related("unit")}
    merged: dict = {}
    for path in paths:
        if path in rows:
            merged = merge_policy(merged, parse_unit_policy(rows[path].policy_yaml))
    return merged


def policy_digest(policy: dict) -> str:
    return hashlib.sha256(json.dumps(policy, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def engine_for_unit(unit: Unit) -> tuple[Engine, str]:
    """An engine with the unit's effective policy, shared between calls with the same policy."""
    policy = unit_policy_dict(unit)
    digest = policy_digest(policy)
    with _lock:
        engine = _engines.get(digest)
        if engine is None:
            if len(_engines) >= _MAX_ENGINES:
                _engines.pop(next(iter(_engines)))
            engine = Engine(policy or None)
            _engines[digest] = engine
    return engine, digest
