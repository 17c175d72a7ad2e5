"""A fictional province with the post-2025 structure, for trying the platform out.

Sở GDĐT tỉnh Sông Lam (fictional) → wards/communes → their preschools, primary and
lower-secondary schools; upper-secondary schools and the GDNN-GDTX centre directly
under the Sở; and one legacy district office kept from before 01/07/2025.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from mangxanh.org.models import Membership, Role, Unit, UnitType
from mangxanh.org.seed import seed_unit_types

DEMO_PASSWORD = "MangXanh@2026"

# (code, name, short name, unit type code, children)
TREE = (
    "SGD-SL", "Sở Giáo dục và Đào tạo tỉnh Sông Lam", "Sở GDĐT Sông Lam", "so-gddt", [
        ("THPT-CHUYEN", "Trường THPT Chuyên Sông Lam", "THPT Chuyên Sông Lam", "truong-thpt", []),
        ("THPT-NGUYENDU", "Trường THPT Nguyễn Du", "THPT Nguyễn Du", "truong-thpt", []),
        ("THPT-LELOI", "Trường THPT Lê Lợi", "THPT Lê Lợi", "truong-thpt", []),
        ("GDTX-SL", "Trung tâm GDNN-GDTX tỉnh Sông Lam", "TT GDNN-GDTX", "trung-tam-gdtx", []),
        ("XA-BENTHUY", "UBND phường Bến Thủy", "Phường Bến Thủy", "ubnd-xa", [
            ("MN-HOASEN", "Trường Mầm non Hoa Sen", "MN Hoa Sen", "truong-mam-non", []),
            ("TH-BENTHUY", "Trường Tiểu học Bến Thủy", "TH Bến Thủy", "truong-tieu-hoc", []),
            ("THCS-BENTHUY", "Trường THCS Bến Thủy", "THCS Bến Thủy", "truong-thcs", []),
        ]),
        ("XA-HONGSON", "UBND phường Hồng Sơn", "Phường Hồng Sơn", "ubnd-xa", [
            ("MN-SONCA", "Trường Mầm non Sơn Ca", "MN Sơn Ca", "truong-mam-non", []),
            ("TH-HONGSON", "Trường Tiểu học Hồng Sơn", "TH Hồng Sơn", "truong-tieu-hoc", []),
            ("THCS-HONGSON", "Trường THCS Hồng Sơn", "THCS Hồng Sơn", "truong-thcs", []),
        ]),
        ("XA-NGHIPHONG", "UBND xã Nghi Phong", "Xã Nghi Phong", "ubnd-xa", [
            ("MN-NGHIPHONG", "Trường Mầm non Nghi Phong", "MN Nghi Phong", "truong-mam-non", []),
            ("TH-NGHIPHONG", "Trường Tiểu học Nghi Phong", "TH Nghi Phong", "truong-tieu-hoc", []),
            ("THCS-NGHIPHONG", "Trường THCS Nghi Phong", "THCS Nghi Phong", "truong-thcs", []),
        ]),
        ("XA-HUNGLOC", "UBND xã Hưng Lộc", "Xã Hưng Lộc", "ubnd-xa", [
            ("TH-HUNGLOC", "Trường Tiểu học Hưng Lộc", "TH Hưng Lộc", "truong-tieu-hoc", []),
            ("LC-HUNGLOC", "Trường TH và THCS Hưng Lộc", "TH&THCS Hưng Lộc", "truong-lien-cap", []),
        ]),
        ("PGD-NAMDAN", "Phòng Giáo dục và Đào tạo huyện Nam Đàn (cũ)", "Phòng GDĐT Nam Đàn (cũ)", "phong-gddt-cu", [
            ("TH-NAMDAN", "Trường Tiểu học thị trấn Nam Đàn", "TH TT Nam Đàn", "truong-tieu-hoc", []),
            ("THCS-NAMDAN", "Trường THCS Nam Đàn", "THCS Nam Đàn", "truong-thcs", []),
        ]),
    ],
)

# (username, full name, [(unit code, role)], description printed at start-up)
USERS = [
    ("admin", "Quản trị hệ thống", [("SGD-SL", Role.SYSTEM_ADMIN)], "Quản trị hệ thống (toàn tỉnh)"),
    ("so.lanhdao", "Nguyễn Văn Hùng", [("SGD-SL", Role.LEADER)], "Lãnh đạo Sở"),
    ("so.quantri", "Trần Thị Mai", [("SGD-SL", Role.UNIT_ADMIN)], "Quản trị đơn vị cấp Sở"),
    ("so.xuly", "Lê Minh Tuấn", [("SGD-SL", Role.CASE_OFFICER)], "Cán bộ xử lý tin báo cấp Sở"),
    ("so.baovetre", "Phạm Thu Hà", [("SGD-SL", Role.CHILD_PROTECTION)], "Cán bộ bảo vệ trẻ em cấp Sở"),
    ("xa.benthuy", "Hoàng Văn Nam", [("XA-BENTHUY", Role.LEADER)], "Chuyên viên phường Bến Thủy"),
    ("xa.benthuy.quantri", "Đỗ Thị Lan", [("XA-BENTHUY", Role.UNIT_ADMIN)], "Quản trị phường Bến Thủy"),
    ("xa.hongson", "Vũ Đức Anh", [("XA-HONGSON", Role.LEADER)], "Chuyên viên phường Hồng Sơn"),
    ("thcs.hieutruong", "Bùi Thị Hằng", [("THCS-BENTHUY", Role.LEADER), ("THCS-BENTHUY", Role.REVIEWER)],
     "Hiệu trưởng THCS Bến Thủy"),
    ("thcs.bientap", "Ngô Thanh Hương", [("THCS-BENTHUY", Role.EDITOR)], "Người soạn tin THCS Bến Thủy"),
    ("thcs.duyet", "Đặng Quốc Bảo", [("THCS-BENTHUY", Role.REVIEWER)], "Ban biên tập THCS Bến Thủy"),
    ("thcs.xuly", "Lý Thị Thảo", [("THCS-BENTHUY", Role.CASE_OFFICER)], "Cán bộ xử lý tin báo THCS Bến Thủy"),
    ("thcs.baovetre", "Mai Văn Long", [("THCS-BENTHUY", Role.CHILD_PROTECTION)], "Cán bộ bảo vệ trẻ em THCS Bến Thủy"),
    ("thcs.quantri", "Trịnh Văn Khoa", [("THCS-BENTHUY", Role.UNIT_ADMIN)], "Quản trị THCS Bến Thủy"),
    ("thcs.giaovien", "Phan Thị Ngọc", [("THCS-BENTHUY", Role.TEACHER)], "Giáo viên THCS Bến Thủy"),
    ("hongson.bientap", "Tạ Minh Châu", [("THCS-HONGSON", Role.EDITOR)], "Người soạn tin THCS Hồng Sơn"),
    ("hongson.duyet", "Lương Văn Tài", [("THCS-HONGSON", Role.REVIEWER)], "Ban biên tập THCS Hồng Sơn"),
    ("gv.haitruong", "Cao Thị Yến", [("TH-BENTHUY", Role.TEACHER), ("THCS-BENTHUY", Role.TEACHER)],
     "Giáo viên dạy ở hai trường (chuyển đơn vị)"),
    ("thpt.bientap", "Kiều Anh Dũng", [("THPT-NGUYENDU", Role.EDITOR)], "Người soạn tin THPT Nguyễn Du"),
]


def demo_logins() -> list[tuple[str, str]]:
    return [(username, description) for username, _, _, description in USERS]


def _create_unit(node, parent, types: dict[str, UnitType]) -> None:
    code, name, short_name, type_code, children = node
    fields = {
        "code": code,
        "name": name,
        "short_name": short_name,
        "unit_type": types[type_code],
        "address": f"{short_name}, tỉnh Sông Lam",
        "email": f"{code.lower()}@songlam.edu.vn",
    }
    unit = Unit.objects.add_child(parent, fields) if parent else Unit.objects.add_root(fields)
    for child in children:
        _create_unit(child, unit, types)


@transaction.atomic
def load() -> None:
    """Create the demo province. Refuses to run on a database that already has units."""
    if Unit.objects.exists():
        raise RuntimeError("Cơ sở dữ liệu đã có đơn vị; không nạp dữ liệu thử nghiệm.")
    seed_unit_types(UnitType)
    _create_unit(TREE, None, {t.code: t for t in UnitType.objects.all()})
    units = {u.code: u for u in Unit.objects.all()}
    User = get_user_model()
    for username, full_name, roles, _ in USERS:
        user = User(username=username, full_name=full_name, email=f"{username}@demo.songlam.edu.vn", is_demo=True)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = any(role == Role.SYSTEM_ADMIN for _, role in roles)
        user.is_superuser = user.is_staff
        user.save()
        for unit_code, role in roles:
            Membership.objects.create(user=user, unit=units[unit_code], role=role)
