"""Seed values for editable data: legal clocks (DESIGN.md §7) and the agency directory.

Used by a data migration and by tests; administrators edit the rows afterwards.
"""

from __future__ import annotations

HOUR = 60

# code, name, minutes, trigger, categories, child_only, met_by_states, source
CLOCKS = [
    ("tre-em-bao-ngay", "Báo ngay tổng đài 111 / công an / UBND xã khi trẻ em bị xâm hại hoặc có nguy cơ",
     1 * HOUR, "case_opened", [], True, ["handed_over"], "Nghị định 56/2017/NĐ-CP, Điều 25"),
    ("tre-em-can-thiep-12h", "Can thiệp khẩn cấp trong 12 giờ khi trẻ em gặp nguy hiểm",
     12 * HOUR, "case_opened", [], True, ["handed_over", "victim_support"], "Nghị định 56/2017/NĐ-CP, Điều 26"),
    ("go-bo-24h", "Nền tảng gỡ bỏ nội dung trong 24 giờ kể từ khi có yêu cầu",
     24 * HOUR, "takedown_requested", [], False, ["removed"],
     "Luật An ninh mạng 2018, Điều 26; Nghị định 147/2024/NĐ-CP"),
    ("lo-du-lieu-72h", "Thông báo lộ, mất dữ liệu cá nhân cho cơ quan chuyên trách trong 72 giờ",
     72 * HOUR, "case_opened", ["personal_data"], False, ["handed_over"], "Luật Bảo vệ dữ liệu cá nhân 91/2025"),
    ("yeu-cau-chu-the-du-lieu", "Xác nhận yêu cầu của chủ thể dữ liệu trong 2 ngày làm việc",
     48 * HOUR, "manual", [], False, ["verifying"], "Nghị định 356/2025/NĐ-CP"),
]

# code, name, kind, phone, url, notes
AGENCIES = [
    ("tong-dai-111", "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111", "hotline", "111", "",
     "Miễn phí, 24/7. Tiếp nhận thông tin trẻ em bị xâm hại hoặc có nguy cơ (Nghị định 56/2017, Điều 22–25)."),
    ("cong-an-113", "Công an — số khẩn cấp 113", "police", "113", "", "Khi có người đang gặp nguy hiểm."),
    ("cong-an-xa", "Công an xã/phường nơi xảy ra sự việc", "police", "", "",
     "Nhận tin báo trực tiếp hoặc qua VNeID (Kiến nghị, phản ánh về an ninh, trật tự)."),
    ("pa05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (PA05) Công an tỉnh",
     "cyber_police", "", "", "Cấp tỉnh của A05."),
    ("a05", "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an",
     "cyber_police", "", "",
     "Yêu cầu gỡ bỏ theo Luật An ninh mạng. A05 không nhận tin qua trang hay fanpage riêng: cảnh giác trang giả mạo."),
    ("ubnd-xa", "UBND xã/phường (công chức phụ trách bảo vệ trẻ em)", "government", "", "",
     "Đánh giá nguy cơ ban đầu (Mẫu 02) theo Nghị định 56/2017, Điều 26."),
    ("tinnhiemmang", "Tín nhiệm mạng (NCSC)", "government", "", "https://tinnhiemmang.vn",
     "Tra cứu và báo cáo trang web lừa đảo."),
    ("chongluadao", "Dự án Chống Lừa Đảo (cộng đồng)", "community", "", "https://chongluadao.vn",
     "Tổ chức cộng đồng, không phải cơ quan nhà nước."),
    ("facebook", "Facebook — kênh báo cáo nội dung", "platform", "", "https://www.facebook.com", ""),
    ("tiktok", "TikTok — kênh báo cáo nội dung", "platform", "", "https://www.tiktok.com", ""),
    ("youtube", "YouTube — kênh báo cáo nội dung", "platform", "", "https://www.youtube.com", ""),
    ("zalo", "Zalo — kênh báo cáo nội dung", "platform", "", "https://zalo.me", ""),
]


def seed(LegalClock, Agency) -> None:
    for code, name, minutes, trigger, categories, child_only, met_by, source in CLOCKS:
        LegalClock.objects.get_or_create(code=code, defaults={
            "name": name, "minutes": minutes, "trigger": trigger, "categories": categories,
            "child_only": child_only, "met_by_states": met_by, "source": source,
        })
    for code, name, kind, phone, url, notes in AGENCIES:
        Agency.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "phone": phone, "url": url, "notes": notes,
        })
