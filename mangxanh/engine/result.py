"""The one result type of the engine (DESIGN.md §6), shared by the Python API, the CLI and the web."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

# Stable category codes (DESIGN.md §4); organisations add "custom:<slug>". Written once, in corpus.py,
# which must load on its own (no engine import), so the engine takes them from there.
from .corpus import CATEGORIES  # noqa: F401


class Verdict(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]


_VERDICT_RANK = {Verdict.ALLOW: 0, Verdict.REVIEW: 1, Verdict.BLOCK: 2}


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}



@dataclass(slots=True)
class Finding:
    """One thing a detector found: what matched, where (offsets into the original text), and why."""

    category: str
    severity: str
    rule: str
    start: int
    end: int
    evidence: str
    explanation: str
    suggestion: str | None = None
    score: float = 1.0
    # Why this finding is special, if it is: "discussed" (the text reports, teaches or warns about
    # the harm: kept for case search, does not count) or "disclosure" (someone tells of harm done
    # to them or a child: route to child protection first).
    context: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["suggestion"] is None:
            del data["suggestion"]
        if data["context"] is None:
            del data["context"]
        return data


@dataclass(slots=True)
class ScanResult:
    id: str | None
    verdict: str
    categories: list[str]
    findings: list[Finding] = field(default_factory=list)
    # Harms the text reports, teaches or warns about without committing them (a news item on an
    # arrest, a lesson, a warning that quotes a scam). They do not count towards the verdict or
    # the categories, and stay searchable by category for case work.
    discussed: list[Finding] = field(default_factory=list)

    @property
    def disclosure(self) -> bool:
        """Someone tells of harm done to them or to a child: intake routes it to child protection first."""
        return any(f.context == "disclosure" for f in self.findings)

    def to_dict(self) -> dict:
        data = {
            "id": self.id,
            "verdict": self.verdict,
            "categories": self.categories,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.discussed:
            data["discussed"] = [f.to_dict() for f in self.discussed]
        return data

# Vietnamese names of the categories (DESIGN.md §4), for people reading results.
CATEGORY_LABELS = {
    "child_abuse": "Xâm hại trẻ em",
    "self_harm": "Tự gây hại",
    "violence": "Bạo lực, đe dọa",
    "harassment": "Bắt nạt, xúc phạm cá nhân",
    "hate": "Kỳ thị, phân biệt đối xử",
    "offensive": "Ngôn từ thô tục",
    "sexual": "Nội dung đồi trụy",
    "drugs_gambling": "Ma túy, cờ bạc, tệ nạn",
    "scam": "Lừa đảo",
    "personal_data": "Lộ dữ liệu cá nhân",
    "misinformation": "Thông tin chưa kiểm chứng",
    "impersonation": "Giả mạo cơ quan, trường học",
}
SEVERITY_LABELS = {"low": "Thấp", "medium": "Trung bình", "high": "Cao", "critical": "Nghiêm trọng"}
VERDICT_LABELS = {"allow": "Cho phép", "review": "Cần xem xét", "block": "Chặn"}
