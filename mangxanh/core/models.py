from django.db import models


class ScheduledJob(models.Model):
    """State of one periodic job (mangxanh.core.scheduler.JOBS): when it last ran, when it runs next, how it ended.

    A worker claims a due job with one conditional UPDATE of next_run_at, so among many
    workers exactly one runs it.
    """

    name = models.CharField("tên", max_length=64, primary_key=True)
    next_run_at = models.DateTimeField("lần chạy tới")
    last_started_at = models.DateTimeField("lần chạy gần nhất", null=True, blank=True)
    last_finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    last_ok = models.BooleanField("thành công", null=True)
    last_result = models.CharField("kết quả", max_length=200, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    last_error_at = models.DateTimeField("lỗi lúc", null=True, blank=True)
    claimed_by = models.CharField("tiến trình chạy", max_length=64, blank=True)

    class Meta:
        verbose_name = "việc định kỳ"
        verbose_name_plural = "việc định kỳ"

    def __str__(self) -> str:
        return self.name
