"""Grooming and sextortion of children described in a reporter's own words, as weighted signals
(data/signals/child_abuse.yaml); the fixed phrases are in the child_abuse lexicon."""

from __future__ import annotations

import re

from ..normalize import Normalized
from .signals import SignalDetector

# "học lớp 7", "lop 8", "13 tuổi": the age or class of a child
AGE_RE = re.compile(r"\b(?:(?:học |hoc )?(?:lớp|lop) (?:[1-9]|1[0-2])|(?:[4-9]|1[0-7]) (?:tuổi|tuoi))\b")


class GroomingDetector(SignalDetector):
    name = "grooming"
    category = "child_abuse"
    data_file = "signals/child_abuse.yaml"
    severity = "critical"

    def extra_signals(self, norm: Normalized, found) -> None:
        # A class or an age names a child as well as "con tôi" does; looked for only next to other signals.
        if "minor" not in found and found:
            m = AGE_RE.search(norm.key)
            if m:
                found["minor"] = norm.span(*m.span())
