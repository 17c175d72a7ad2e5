"""Report categories in everyday words, mapped to the harm taxonomy codes (DESIGN.md §4)."""

from __future__ import annotations

# code -> (short Vietnamese name, what a reporter would recognise)
CATEGORIES: dict[str, tuple[str, str]] = {
    "child_abuse": (
        "Xâm hại trẻ em",
        "Có người dụ dỗ, gạ gẫm, đòi ảnh nhạy cảm, tống tiền bằng ảnh hoặc quay lén học sinh",
    ),
    "self_harm": ("Tự gây hại", "Có người nói muốn tự tử, tự làm đau bản thân, hoặc rủ làm thử thách nguy hiểm"),
    "violence": ("Bạo lực, đe dọa", "Đe dọa, hẹn đánh nhau, quay clip đánh bạn, mang vũ khí, dọa đánh bom"),
    "harassment": ("Bắt nạt, xúc phạm", "Chửi bới, bêu xấu, chế ảnh, tẩy chay một người"),
    "hate": ("Kỳ thị", "Miệt thị một nhóm người vì tôn giáo, giới tính, dân tộc, quê quán, khuyết tật"),
    "sexual": ("Nội dung đồi trụy", "Hình ảnh, video, đường link đồi trụy"),
    "drugs_gambling": ("Ma túy, cờ bạc", "Rao bán ma túy, thuốc lá điện tử, rủ cá độ, đánh bạc"),
    "scam": ("Lừa đảo", "Giả danh công an, nhà trường để đòi tiền; trúng thưởng, việc nhẹ lương cao"),
    "personal_data": (
        "Lộ thông tin cá nhân",
        "Đăng số căn cước, số điện thoại, địa chỉ, điểm số, hoàn cảnh gia đình của người khác",
    ),
    "misinformation": ("Tin đồn, tin sai", "Tin chưa kiểm chứng, tin giả về nhà trường hoặc cơ quan"),
    "impersonation": ("Giả mạo", "Trang mạo danh trường học, Sở, công an, ngân hàng"),
    "offensive": ("Ngôn từ thô tục", "Chửi thề, nói tục, không nhắm vào ai cụ thể"),
    "other": ("Khác hoặc chưa rõ", "Không biết chọn mục nào cũng được: cán bộ sẽ phân loại giúp bạn"),
}

# What the public form files a report under when nothing is ticked: a frightened parent who cannot
# name the harm must still be able to send; the engine's scan and the officer categorise it.
UNKNOWN = "other"
# The partner API keeps its published list: a platform always knows why it reports.
API_CODES = tuple(code for code in CATEGORIES if code != UNKNOWN)

CHOICES = [(code, f"{name}: {hint}") for code, (name, hint) in CATEGORIES.items()]
SHORT_CHOICES = [(code, name) for code, (name, _) in CATEGORIES.items()]

# Children first (DESIGN.md §2.3): these jump every queue.
URGENT = frozenset({"child_abuse", "self_harm"})
HIGH = frozenset({"violence", "sexual", "hate", "drugs_gambling", "scam", "impersonation"})
CHILD = frozenset({"child_abuse", "self_harm"})
# Evidence of child abuse is handed to the police as received (chain of custody), so its original is
# kept beside a viewing copy without metadata; every other report keeps the stripped copy only. A parent
# who is not sure what happened ("other") may be reporting abuse that the scan finds later: keep it too.
ORIGINAL_KEPT = frozenset({"child_abuse", UNKNOWN})


def keeps_original(categories) -> bool:
    return bool(ORIGINAL_KEPT & set(categories or ()))


def label(code: str) -> str:
    return CATEGORIES.get(code, (code, ""))[0]
