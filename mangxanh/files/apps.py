from django.apps import AppConfig


class FilesConfig(AppConfig):
    """Content-addressed file storage shared by drafts, evidence and activity records."""

    name = "mangxanh.files"
    label = "files"
    verbose_name = "Tệp lưu trữ"
