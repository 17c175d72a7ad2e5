"""Scam scripts of reference §7 (child-in-emergency transfers, fees to personal accounts, OTP
requests, prizes and scholarships, job deposits, game top-up cards, fake police, fake degrees...)
as weighted signals: data/signals/scam.yaml."""

from __future__ import annotations

import re

from ..normalize import Normalized
from .signals import Signal, SignalDetector

MONEY_RE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:triệu|trieu|tr|củ|cu|k|nghìn|nghin|ngàn|ngan)\b")


class ScamDetector(SignalDetector):
    name = "scam"
    category = "scam"
    data_file = "signals/scam.yaml"

    def __init__(self, data=None):
        super().__init__(data)
        self.signals["money_amount"] = Signal("money_amount", 0.1, "Nêu số tiền cụ thể", False)

    def extra_signals(self, norm: Normalized, found) -> None:
        # A sum of money only matters next to other signals; it adds little weight on its own.
        if found and "money_amount" not in found:
            m = MONEY_RE.search(norm.key)
            if m:
                found["money_amount"] = norm.span(*m.span())
