from django.apps import AppConfig


class FilesConfig(AppConfig):
    """Content-addressed file storage shared by drafts, evidence and activity records."""

    name = "mangxanh.files"
    label = "files"
    verbose_name = "Tệp lưu trữ"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow's own guard (it raises at twice this) backs up the explicit check at upload.
        Image.MAX_IMAGE_PIXELS = settings.MANGXANH_MAX_IMAGE_PIXELS
