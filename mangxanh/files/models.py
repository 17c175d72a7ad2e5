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


class Attachment(models.Model):
    """What every record that carries an uploaded file stores: the file, its sanitised original name and,
    where the file itself is kept as received (evidence the law needs), a viewing copy without metadata.

    Size, SHA-256 and content type live on the StoredFile (one row per content) and are read through here.
    Uploads reach these records only through mangxanh.files.uploads.accept_upload.
    """

    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên tệp", max_length=200)
    viewing_copy = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="bản xem (đã xóa siêu dữ liệu)",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def size(self) -> int:
        return self.file.size

    @property
    def content_type(self) -> str:
        return self.file.mime_type

    @property
    def file_sha256(self) -> str:
        return self.file.sha256

    @property
    def viewable(self) -> StoredFile:
        """The file a person is shown: the viewing copy where the original is kept, else the file."""
        return self.viewing_copy or self.file
