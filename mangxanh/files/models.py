from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    """A file's bytes, stored once under var/files by their SHA-256 (DESIGN.md §5).

    The path comes only from the hash, never from the uploaded name, so a name such as
    "../../x" cannot escape the storage folder. Records that use a file keep their own
    display name beside a foreign key to this row.
    """

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("kích thước (byte)")
    mime_type = models.CharField("kiểu nội dung", max_length=100)
    created_at = models.DateTimeField("ngày lưu", auto_now_add=True)

    class Meta:
        verbose_name = "tệp lưu trữ"
        verbose_name_plural = "tệp lưu trữ"

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.mime_type}, {self.size} byte)"

    @staticmethod
    def relative_path_for(sha256: str) -> Path:
        return Path(sha256[:2]) / sha256[2:4] / sha256

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.relative_path_for(self.sha256)

    def open(self):
        return self.path.open("rb")

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")
