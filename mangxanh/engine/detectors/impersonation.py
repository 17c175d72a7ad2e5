"""Impersonation scripts: "trang chính thức mới", "trang cũ bị hack", "kết bạn Zalo để nhận
thông báo", "admin nhà trường nhắn tin"... (data/signals/impersonation.yaml)."""

from __future__ import annotations

import re

from ..normalize import Normalized
from .signals import Signal, SignalDetector
from .urls import URL_HINT_RE, URL_RE, score_url

OLD_HACKED_RE = re.compile(
    r"\b(?:page|trang|fanpage|nick|zalo|fb|facebook|tài khoản|tai khoan|số|so)\b[^.!?\n]{0,25}\b(?:cũ|cu)\b"
    r"[^.!?\n]{0,20}\b(?:bị|bi) (?:hack|khóa|khoa|mất|mat)"
)


class ImpersonationDetector(SignalDetector):
    name = "impersonation"
    category = "impersonation"
    data_file = "signals/impersonation.yaml"

    def __init__(self, data=None):
        super().__init__(data)
        self.signals["suspicious_link"] = Signal("suspicious_link", 0.0, "Kèm liên kết đáng ngờ", False)

    def extra_signals(self, norm: Normalized, found) -> None:
        fold = norm.fold  # the expression needs "cũ"/"cu" and "bị"/"bi " in the key
        if "old_page_hacked" not in found and "bi " in fold and "cu" in fold:
            m = OLD_HACKED_RE.search(norm.key)
            if m:
                found["old_page_hacked"] = norm.span(*m.span())
        if "authority_voice" in found and "." in norm.text and URL_HINT_RE.search(norm.text):
            for m in URL_RE.finditer(norm.text):
                if score_url(m.group())[0] >= 0.5:
                    found["suspicious_link"] = m.span()
                    break
