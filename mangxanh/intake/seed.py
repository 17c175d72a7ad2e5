"""Seed values for editable data: legal clocks (DESIGN.md §7) and the agency directory.

Used by a data migration and by tests; administrators edit the rows afterwards.
"""

from __future__ import annotations

HOUR = 60

# code, name, minutes, trigger, categories, child_only, met_by_states, source
CLOCKS = [
    ("tre-em-bao-ngay", "Báo ngay tổng đài 111 / công an / UBND xã khi trẻ em bị xâm hại hoặc có nguy cơ",
     1 * HOUR, "case_opened", [], True, [], "Nghị định 56/2017/NĐ-CP, Điều 25"),
    ("tre-em-can-thiep-12h", "Can thiệp khẩn cấp trong 12 giờ khi trẻ em gặp nguy hiểm",
     12 * HOUR, "case_opened", [], True, ["victim_support"], "Nghị định 56/2017/NĐ-CP, Điều 26"),
    ("go-bo-24h", "Nền tảng gỡ bỏ nội dung trong 24 giờ kể từ khi có yêu cầu",
     24 * HOUR, "takedown_requested", [], False, ["removed"],
     "Luật An ninh mạng 2018, Điều 26; Nghị định 147/2024/NĐ-CP"),
    ("lo-du-lieu-72h", "Thông báo lộ, mất dữ liệu cá nhân cho cơ quan chuyên trách trong 72 giờ",
     72 * HOUR, "case_opened", ["personal_data"], False, [], "Luật Bảo vệ dữ liệu cá nhân 91/2025"),
    ("yeu-cau-chu-the-du-lieu", "Xác nhận yêu cầu của chủ thể dữ liệu trong 2 ngày làm việc",
     48 * HOUR, "manual", [], False, ["verifying"], "Nghị định 356/2025/NĐ-CP"),
]

# A handed-over case meets a clock only through a referral to an agency the law names (below), never
# by its state alone: "handed over" to a community project is not a report to 111 or the police.
REPORT_NOW, INTERVENE_12H, DATA_BREACH_72H = "tre-em-bao-ngay", "tre-em-can-thiep-12h", "lo-du-lieu-72h"
AGENCY_CLOCKS = {
    "tong-dai-111": [REPORT_NOW],
    "cong-an-113": [REPORT_NOW, INTERVENE_12H],
    "cong-an-xa": [REPORT_NOW, INTERVENE_12H],
    "ubnd-xa": [REPORT_NOW, INTERVENE_12H],
    "pa05": [REPORT_NOW, DATA_BREACH_72H],
    "a05": [REPORT_NOW, DATA_BREACH_72H],
}

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
    # Migration 0002 runs this with a historical model that has no meets_clocks yet (0005 fills it).
    has_clocks = any(f.name == "meets_clocks" for f in Agency._meta.get_fields())
    for code, name, kind, phone, url, notes in AGENCIES:
        defaults = {"name": name, "kind": kind, "phone": phone, "url": url, "notes": notes}
        if has_clocks:
            defaults["meets_clocks"] = AGENCY_CLOCKS.get(code, [])
        Agency.objects.get_or_create(code=code, defaults=defaults)


# met_by_states the first seed gave these clocks; 0005 removes "handed_over" where still unchanged.
OLD_MET_BY = {REPORT_NOW: ["handed_over"], INTERVENE_12H: ["handed_over", "victim_support"],
              DATA_BREACH_72H: ["handed_over"]}


def clocks_met_by_referral(LegalClock, Agency) -> None:
    """Data migration 0005: referrals (agency data) meet the child-protection and data-breach clocks."""
    for agency in Agency.objects.filter(code__in=list(AGENCY_CLOCKS)):
        if not agency.meets_clocks:
            agency.meets_clocks = AGENCY_CLOCKS[agency.code]
            agency.save(update_fields=["meets_clocks"])
    for code, old in OLD_MET_BY.items():
        for clock in LegalClock.objects.filter(code=code):
            if clock.met_by_states == old:
                clock.met_by_states = [s for s in old if s != "handed_over"]
                clock.save(update_fields=["met_by_states"])
