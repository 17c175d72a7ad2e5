"""The one registry of detectors. Adding a detector = one module + one line here + its tests.

Each entry is a class with ``name``, ``build(policy, **options) -> detector | None`` (None: not
active, e.g. no model file) and ``detect(norm) -> list[Finding]``. A detector whose class has
``batched = True`` also offers ``detect_many(norms, rule_findings)`` and is called once per batch,
after the other detectors, with their findings for each text.
"""

from __future__ import annotations

from .frames import FrameDetector
from .grooming import GroomingDetector
from .impersonation import ImpersonationDetector
from .lexicon import LexiconDetector
from .misinformation import MisinformationDetector
from .model import ModelDetector
from .org_rules import OrgRulesDetector
from .personal_data import PersonalDataDetector
from .scam import ScamDetector
from .urls import UrlDetector

REGISTRY: list[type] = [
    LexiconDetector,
    PersonalDataDetector,
    ScamDetector,
    UrlDetector,
    MisinformationDetector,
    ImpersonationDetector,
    GroomingDetector,
    FrameDetector,
    OrgRulesDetector,
    ModelDetector,
]


def build_detectors(policy, **options) -> list:
    detectors = []
    for cls in REGISTRY:
        detector = cls.build(policy, **options)
        if detector is not None:
            detectors.append(detector)
    return detectors
