"""`mangxanh audit verify | head | anchor`: check the hash chain of the audit log.

The chain shows an edited, removed or re-ordered entry anywhere before the newest
one. Removing only the newest entries is caught against the head file that every
commit writes outside the database (mangxanh/audit/head.py), and, against someone who
can rewrite that too, against heads recorded elsewhere (`mangxanh audit anchor FILE`
from cron onto storage the database administrators cannot rewrite, then
`mangxanh audit verify --anchors FILE`). A lost or damaged head file fails verify until an
operator, having checked the log against such anchors, writes it again (`audit head --write`).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mangxanh import audit
from mangxanh.audit.chain import verify
from mangxanh.audit.head import committed_head, head_path, write_head
from mangxanh.audit.models import AuditEntry

ANCHOR_RE = re.compile(r"^\s*#?(\d+)[\s:]+([0-9a-f]{64})\b")
MAX_LISTED = 100


def read_anchors(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Không đọc được tệp neo {path}: {exc}") from exc
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        match = ANCHOR_RE.match(line)
        if not match:
            raise CommandError(f"Tệp neo {path}, dòng {number}: cần dạng “<số thứ tự> <mã băm SHA-256>”.")
        anchors.append((int(match[1]), match[2]))
    return anchors


class Command(BaseCommand):
    help = "Nhật ký kiểm toán: kiểm tra toàn vẹn (verify), in đầu chuỗi (head), ghi neo ra tệp (anchor)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand")
        check = sub.add_parser("verify", help="Kiểm tra chuỗi mã băm của toàn bộ nhật ký.")
        check.add_argument("--anchors", type=Path, help="Tệp các đầu chuỗi đã ghi trước đó (mỗi dòng: số thứ tự, mã băm).")
        head = sub.add_parser("head", help="In số thứ tự và mã băm của bản ghi mới nhất.")
        head.add_argument("--write", action="store_true",
                          help="Ghi lại tệp đầu chuỗi (sau khi đã đối chiếu nhật ký với neo lưu ở nơi khác).")
        anchor = sub.add_parser("anchor", help="Ghi thêm đầu chuỗi hiện tại vào một tệp (nên để ngoài máy chủ CSDL).")
        anchor.add_argument("file", type=Path)

    def handle(self, *args, subcommand: str | None = None, **options):
        if not subcommand:
            raise CommandError("Hãy chọn một lệnh: verify (kiểm tra), head (đầu chuỗi) hoặc anchor (ghi neo).")
        getattr(self, f"handle_{subcommand}")(**options)

    def handle_verify(self, anchors: Path | None = None, **options) -> None:
        result = verify(read_anchors(anchors) if anchors else None)
        if result.ok:
            self.stdout.write(f"Nhật ký toàn vẹn: {result.count} bản ghi")
            self.stdout.write(f"Đầu chuỗi: #{result.head_seq} {result.head_hash}")
            return
        for problem in result.problems[:MAX_LISTED]:
            self.stderr.write(problem.text)
        if len(result.problems) > MAX_LISTED:
            self.stderr.write(f"… và {len(result.problems) - MAX_LISTED} lỗi khác.")
        raise CommandError(f"Nhật ký KHÔNG toàn vẹn: {len(result.problems)} lỗi trong {result.count} bản ghi.")

    def _head(self) -> str:
        head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        if head is None:
            raise CommandError("Nhật ký chưa có bản ghi nào.")
        return f"{head[0]} {head[1]}"

    def handle_head(self, write: bool = False, **options) -> None:
        if write:
            self._write_head()
            return
        self.stdout.write(self._head())

    def _write_head(self) -> None:
        path = head_path()
        if path is None:
            raise CommandError("Chưa cấu hình thư mục tệp đầu chuỗi (MANGXANH_AUDIT_HEAD_DIR).")
        result = verify(head_file=False)
        if not result.ok:
            for problem in result.problems[:MAX_LISTED]:
                self.stderr.write(problem.text)
            raise CommandError("Nhật ký KHÔNG toàn vẹn: không ghi tệp đầu chuỗi cho một chuỗi đã bị sửa.")
        head = committed_head()
        if head is None:
            raise CommandError("Nhật ký chưa có bản ghi nào.")
        try:
            write_head(path, head)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp đầu chuỗi {path}: {exc}") from exc
        with audit.acting_as(None):
            # The rewrite is itself in the log (and its commit moves the file on to it).
            audit.record("audit_head", message=f"Ghi lại tệp đầu chuỗi tại bản ghi #{head.seq}")
        self.stdout.write(f"Đã ghi tệp đầu chuỗi {path}: #{head.seq} {head.entry_hash}")

    def handle_anchor(self, file: Path, **options) -> None:
        line = f"{self._head()} {timezone.localtime().isoformat(timespec='seconds')}\n"
        try:
            with file.open("a", encoding="utf-8") as out:
                out.write(line)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp neo {file}: {exc}") from exc
        self.stdout.write(f"Đã ghi neo: {line.strip()}")
