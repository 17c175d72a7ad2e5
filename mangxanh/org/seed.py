"""Seed values for editable reference data (unit types). Used by a data migration and the demo."""

UNIT_TYPES = [
    # code, name, kind, school_level, sort_order
    ("so-gddt", "Sở Giáo dục và Đào tạo", "department", "", 10),
    ("ubnd-xa", "UBND xã/phường (Phòng Văn hóa – Xã hội)", "commune", "", 20),
    ("phong-gddt-cu", "Phòng GDĐT cấp huyện (trước 01/07/2025)", "district_legacy", "", 30),
    ("truong-mam-non", "Trường mầm non", "school", "mam_non", 40),
    ("truong-tieu-hoc", "Trường tiểu học", "school", "tieu_hoc", 41),
    ("truong-thcs", "Trường THCS", "school", "thcs", 42),
    ("truong-thpt", "Trường THPT", "school", "thpt", 43),
    ("truong-lien-cap", "Trường liên cấp", "school", "lien_cap", 44),
    ("trung-tam-gdtx", "Trung tâm GDNN-GDTX", "school", "gdtx", 45),
    ("don-vi-khac", "Đơn vị khác", "other", "", 90),
]


def seed_unit_types(UnitType) -> None:
    for code, name, kind, level, order in UNIT_TYPES:
        UnitType.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "school_level": level, "sort_order": order}
        )
