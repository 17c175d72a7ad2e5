"""Cross-detector rules: sexual content or grooming aimed at a minor is child abuse.

Runs after the context rules, so a lesson that says "không chia sẻ ảnh khỏa thân của học sinh"
(already cleared) is not escalated.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .detectors.base import finding_at
from .matcher import Matcher
from .normalize import Normalized
from .result import Finding

MINOR_RE = re.compile(
    r"\b(?:lớp|lop)\s*\d{1,2}|\bhs\b|học sinh|hoc sinh|nữ sinh|nu sinh|nam sinh|tiểu học|tieu hoc|\bthcs\b|cấp\s*[12]\b|"
    r"cap\s*[12]\b|\b(?:[4-9]|1[0-7])\s*(?:tuổi|tuoi|t)\b|\bbé\b|\bbe oi\b|con bé|cháu bé|con nhỏ|con nho",
    re.IGNORECASE,
)
WINDOW = 200
# Frames that name an adult (a teacher, a staff member) as the person filmed.
ADULT_TARGET_RULES = frozenset({"frame.voyeurism_adult", "frame.sneaky_undress_adult"})

GROOMING = [
    "đừng cho ai biết", "không được kể với ai", "không được kể ai", "đừng kể với ai", "đừng nói với ai",
    "bí mật của hai đứa mình", "bí mật của hai chúng ta", "chuyện của hai đứa mình", "nhắn tin riêng", "ib riêng",
    "gặp riêng", "anh mua điện thoại cho", "anh mua đt cho", "a mua đt cho", "mua điện thoại cho em",
    "anh đón em", "a đón e", "đón em ở cổng trường", "chụp ảnh gửi anh", "gửi ảnh cho anh", "gửi anh nhé",
    "không mặc áo", "trò người lớn", "anh cho bé", "anh cho em tiền", "nạp game cho em", "cho bé 500k",
]


@lru_cache(maxsize=1)
def grooming_matcher() -> Matcher:
    return Matcher((p, None, False) for p in GROOMING)


def _near(positions: list[int], pos: int) -> bool:
    """Whether a sorted list holds a position within WINDOW of ``pos``."""
    i = bisect_left(positions, pos - WINDOW)
    return i < len(positions) and positions[i] <= pos + WINDOW


def escalate(norm: Normalized, findings: list[Finding]) -> list[Finding]:
    text = norm.text
    extra: list[Finding] = []
    minors = None
    for f in findings:
        if f.category != "sexual" and not (f.category == "scam" and f.rule == "scam.sextortion"):
            continue
        if f.rule in ADULT_TARGET_RULES:
            continue  # the frame found an adult as the one targeted; a pupil nearby is not the victim
        if minors is None:
            spans = [m.span() for m in MINOR_RE.finditer(text)]
            minors = ([a for a, _ in spans], [b for _, b in spans])  # both ascending
        if _near(minors[0], f.start) or _near(minors[1], f.end):
            extra.append(
                finding_at(text, f.start, f.end, category="child_abuse", severity="critical", rule="escalate.minor_sexual",
                           explanation="Nội dung tình dục liên quan đến trẻ em, học sinh", score=0.95)
            )
    hits = grooming_matcher().find(norm)
    if hits:
        if minors is None:
            minors = MINOR_RE.search(text) is not None
        else:
            minors = bool(minors[0])
        if len({(h.a, h.b) for h in hits}) >= 2:
            a = min(h.a for h in hits)
            b = max(h.b for h in hits)
            start, end = norm.span(a, b)
            if end - start > 400:
                start, end = norm.span(hits[0].a, hits[0].b)
            extra.append(
                finding_at(text, start, end, category="child_abuse", severity="critical" if minors else "high",
                           rule="escalate.grooming",
                           explanation="Dấu hiệu dụ dỗ, gạ gẫm trẻ em (giữ bí mật, gặp riêng, tặng quà, xin ảnh)",
                           score=0.9 if minors else 0.7)
            )
    return findings + extra if extra else findings
