"""Last look at one text's findings before they are merged and weighed.

* The statistical model says only "this reads as toxic". Categories route work (a hate report to
  one queue, a threat to another), so its finding gives way to any more specific finding, and
  when it stands alone it takes the category its target implies: a group of people -> hate, an
  identifiable person -> harassment, nobody -> offensive.
* A child or parent telling of harm done to them is a disclosure: the harm's findings are marked
  so that intake routes the report to child protection first, and a comment like it is surfaced to
  a counsellor rather than hidden as abuse.
"""

from __future__ import annotations

import re

from .detectors.frames import frame_slots
from .escalate import MINOR_RE
from .normalize import Normalized
from .result import Finding

# Categories that do not explain why a text reads as toxic (a phone number, a rumour can sit in
# a perfectly polite text), so the model's finding stays beside them.
_NOT_EXPLAINING = frozenset({"personal_data", "misinformation"})
_GROUP_SLOTS = ("group", "@group_name")
# The model's probability from which an untargeted toxic reading counts on its own (targeted ones
# count from the policy's model_threshold).
UNTARGETED_MIN = 0.97
MODEL_MAX_SCORE = 0.89
_PERSON_SLOTS = ("@named_person", "@class", "second_person", "third_person")

DISCLOSURE_RE = re.compile(
    r"\b(?:em|e|con|chau|be|minh|t|toi|to|tui|con toi|con em|con gai toi|con trai toi|con gai em|con trai em|"
    r"chau nha toi)\s+(?:bi|dang bi|da bi|hay bi|cu bi|van bi)\b"
    r"|\b(?:giup|cuu)\s+(?:em|con|minh|toi|chau)\b|\bphai lam sao\b|\blam sao bay gio\b|\bnen lam gi\b"
    r"|\b(?:em|e|con|minh|t|toi|chau)\s+(?:so lam|so qua|khong dam|ko dam|k dam)\b|\bco nen bao\b"
    r"|\bphan anh len dau\b|\bbao ai\b"
    r"|\b(?:con|chau|em gai|em trai|con gai|con trai|be nha)\s+(?:toi|em|minh|nha toi|nha em)\s+(?:hoc|bi|dang|da|vua|nam nay)\b"
    r"|\b(?:doi|bat|du|ep)\s+(?:con|chau|em gai|con gai|con trai)\s+(?:toi|em|minh)\b"
)
DISCLOSED = frozenset({"child_abuse", "violence", "harassment", "self_harm", "scam", "drugs_gambling", "sexual"})


# Rules whose numbers are the offender's own (the account a scam asks money for, the number an
# advertiser gives), not the personal data of a pupil or a victim.
_CONTACT_RULES = frozenset({"pii.phone", "pii.bank_account", "pii.cccd", "pii.vietqr", "pii.email"})
# Strong evidence that a text is itself a scam, an offer or an abuser's message; payee frames are
# left out (a class fund paid into a parent's own account is a personal-data matter too).
_OFFENDER = {"scam": 0.75, "impersonation": 0.75, "sexual": 0.7, "drugs_gambling": 0.8, "child_abuse": 0.9}
_SEXTORTION_SCAM = ("scam.sextortion", "scam.script.sextortion")
_PAYEE_RULES = ("frame.official_personal_payee", "frame.personal_payee_fee", "scam.script.fee_personal_account")


def refine(norm: Normalized, findings: list[Finding], model_decides: bool = False) -> list[Finding]:
    """``model_decides``: the policy lets a model trained on the texts' own labels decide the toxic
    category (policy key model_decides_toxicity); its finding is then left as it is."""
    if not findings:
        return findings
    model = [f for f in findings if f.rule.startswith("model.")]
    if model and not model_decides:
        findings = _place_model(norm, findings, model)
    findings = _most_specific(norm, findings)
    if any(f.category in DISCLOSED for f in findings) and DISCLOSURE_RE.search(norm.fold):
        for f in findings:
            if f.category in DISCLOSED:
                f.context = "disclosure"
    return findings


def _place_model(norm: Normalized, findings: list[Finding], model: list[Finding]) -> list[Finding]:
    rules = [f for f in findings if not f.rule.startswith("model.")]
    if any(f.category not in _NOT_EXPLAINING for f in rules):
        return rules
    slots = frame_slots(norm)
    kept = []
    for f in model:
        if f.category == "offensive":  # a model trained with its own categories has already chosen
            if any(slots.has(s) for s in _GROUP_SLOTS):
                f.category, f.severity = "hate", "high"
            elif any(slots.has(s) for s in _PERSON_SLOTS):
                f.category, f.severity = "harassment", "medium"
            elif f.score < UNTARGETED_MIN:
                continue  # "khủng khiếp!" reads as toxic to the model; aimed at nobody, it needs more
            # The model alone asks for a person's look, never blocks: blocking needs rule evidence.
            f.score = min(f.score, MODEL_MAX_SCORE)
        kept.append(f)
    return rules + kept


def _most_specific(norm: Normalized, findings: list[Finding]) -> list[Finding]:
    """Drop findings that a stronger, more specific finding of the same text already explains."""
    cats = {f.category for f in findings}
    if len(cats) < 2:
        return findings
    drop: set[str] = set()
    child_abuse = any(f.category == "child_abuse" and f.score >= 0.9 for f in findings)
    if child_abuse and MINOR_RE.search(norm.text):
        drop.add("sexual")  # sexual content about a child is child abuse, one queue
    if child_abuse:
        # A threat to spread someone's images is sextortion, a child-abuse case, not a money scam.
        findings = [f for f in findings if not f.rule.startswith(_SEXTORTION_SCAM)]
        cats = {f.category for f in findings}
    if "hate" in cats and "harassment" in cats:
        slots = frame_slots(norm)
        if not any(slots.has(s) for s in ("@named_person", "@class", "second_person")):
            drop.add("harassment")  # insults aimed at a group, not at a person
    offender = any(
        f.score >= _OFFENDER.get(f.category, 2.0) and not f.rule.startswith(_PAYEE_RULES) for f in findings
    )
    if not drop and not offender:
        return findings
    return [
        f for f in findings
        if f.category not in drop and not (offender and f.category == "personal_data" and f.rule in _CONTACT_RULES)
    ]
