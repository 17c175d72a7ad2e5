"""Learning and awareness work: lessons, question bank and quizzes, pledges, training sessions.

Every object belongs to the unit that authored it (a Sở, a commune or a school) and is shared
down the tree: a unit sees its own objects and those of the units above it. Scores of pupils
(minors) are kept beside the school they sat the quiz in, for that school's staff and the
quiz's organiser only.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from mangxanh.org.models import Unit

# Short public codes: no 0/O/1/I/L so they can be read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Audience(models.TextChoices):
    PRESCHOOL = "mn", "Trẻ mầm non (qua cha mẹ, cô giáo)"
    PRIMARY = "th", "Học sinh tiểu học"
    LOWER = "thcs", "Học sinh THCS"
    UPPER = "thpt", "Học sinh THPT"
    STAFF = "staff", "Giáo viên, cán bộ, nhân viên"
    PARENTS = "parents", "Cha mẹ, người chăm sóc trẻ"


PUPIL_AUDIENCES = frozenset({Audience.PRESCHOOL, Audience.PRIMARY, Audience.LOWER, Audience.UPPER})


class Topic(models.TextChoices):
    LAW = "law", "Pháp luật về an ninh mạng và dữ liệu cá nhân"
    SCAMS = "scams", "Nhận diện lừa đảo trực tuyến"
    CONDUCT = "conduct", "Ứng xử trên mạng xã hội"
    HELP = "help", "Tự bảo vệ và tìm trợ giúp"
    SKILLS = "skills", "Kỹ năng số"


class LessonStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã xuất bản"
    WITHDRAWN = "withdrawn", "Đã gỡ"


class Lesson(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lessons", verbose_name="đơn vị biên soạn")
    title = models.CharField("tiêu đề", max_length=300)
    audience = models.CharField("đối tượng", max_length=10, choices=Audience.choices)
    topic = models.CharField("chủ đề", max_length=10, choices=Topic.choices)
    summary = models.CharField("tóm tắt", max_length=500, blank=True)
    body_html = models.TextField("nội dung")
    body_text = models.TextField("nội dung dạng chữ")
    video_url = models.URLField("liên kết video", blank=True)
    sources = models.TextField("nguồn, căn cứ pháp lý", blank=True)
    attachment = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="tệp"
    )
    attachment_name = models.CharField("tên tệp", max_length=255, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=LessonStatus.choices, default=LessonStatus.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=0)
    published_version = models.PositiveIntegerField("phiên bản đã xuất bản", default=0)
    published_at = models.DateTimeField("ngày xuất bản", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = "bài học"
        verbose_name_plural = "bài học"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == LessonStatus.PUBLISHED

    def latest_version(self) -> LessonVersion | None:
        return self.versions.order_by("-number").first()


class LessonVersion(models.Model):
    """One saved state of a lesson; never changed after it is written. This is what is scanned."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    title = models.CharField("tiêu đề", max_length=300)
    body_html = models.TextField("nội dung")
    body_text = models.TextField("nội dung dạng chữ")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lesson", "number"]
        constraints = [models.UniqueConstraint(fields=["lesson", "number"], name="learning_lesson_version_unique")]
        verbose_name = "phiên bản bài học"
        verbose_name_plural = "phiên bản bài học"

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    # Scannable (mangxanh.scanning.service)
    def scan_text(self) -> str:
        return f"{self.title}\n\n{self.body_text}"

    def scan_unit(self) -> Unit:
        return self.lesson.unit


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Một lựa chọn đúng"
    MULTIPLE = "multiple", "Nhiều lựa chọn đúng"
    TRUE_FALSE = "truefalse", "Đúng/Sai"
    SCENARIO = "scenario", "Tình huống"


class Question(models.Model):
    """choices: a list of answer texts; correct: the indexes of the right ones."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="questions", verbose_name="đơn vị")
    kind = models.CharField("loại câu hỏi", max_length=10, choices=QuestionKind.choices)
    audience = models.CharField("đối tượng", max_length=10, choices=Audience.choices)
    topic = models.CharField("chủ đề", max_length=10, choices=Topic.choices)
    text = models.TextField("câu hỏi")
    choices = models.JSONField("các phương án", default=list)
    correct = models.JSONField("phương án đúng", default=list)
    explanation = models.TextField("giải thích")
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE

    def is_right(self, selected: list[int]) -> bool:
        return sorted(set(selected)) == sorted(set(self.correct))


class Contest(models.Model):
    """A «cuộc thi tìm hiểu»: rounds are quizzes with their own windows; one leaderboard over all rounds."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contests", verbose_name="đơn vị tổ chức")
    title = models.CharField("tên cuộc thi", max_length=300)
    description = models.TextField("thể lệ", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="quizzes", verbose_name="đơn vị tổ chức")
    contest = models.ForeignKey(Contest, on_delete=models.SET_NULL, null=True, blank=True, related_name="rounds",
                                verbose_name="thuộc cuộc thi")
    round_number = models.PositiveSmallIntegerField("vòng thi", default=1)
    title = models.CharField("tên bài kiểm tra", max_length=300)
    audience = models.CharField("đối tượng", max_length=10, choices=Audience.choices)
    topic = models.CharField("chủ đề (để trống: mọi chủ đề)", max_length=10, choices=Topic.choices, blank=True)
    question_count = models.PositiveSmallIntegerField("số câu mỗi lượt", default=10)
    time_limit_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)", default=15)
    max_attempts = models.PositiveSmallIntegerField("số lượt tối đa mỗi người", default=2)
    pass_percent = models.PositiveSmallIntegerField("điểm đạt (%)", default=50)
    opens_at = models.DateTimeField("mở từ")
    closes_at = models.DateTimeField("đóng lúc")
    is_published = models.BooleanField("đang mở cho người làm", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = "bài kiểm tra"
        verbose_name_plural = "bài kiểm tra"

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    @property
    def for_pupils(self) -> bool:
        return self.audience in PUPIL_AUDIENCES


class ClassCode(models.Model):
    """A school class's way into a quiz without accounts: pupils type the code, their name and class."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="class_codes", null=True, blank=True)
    # A code opens either a quiz or an essay/poster round.
    essay_round = models.ForeignKey("EssayRound", on_delete=models.CASCADE, related_name="class_codes", null=True,
                                    blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="trường")
    class_name = models.CharField("lớp", max_length=30)
    code = models.CharField("mã lớp", max_length=12, unique=True, default=new_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mã lớp"
        verbose_name_plural = "mã lớp"
        constraints = [models.CheckConstraint(
            condition=(models.Q(quiz__isnull=False, essay_round__isnull=True)
                       | models.Q(quiz__isnull=True, essay_round__isnull=False)),
            name="learning_class_code_one_target")]

    def __str__(self) -> str:
        return f"{self.code} – {self.class_name}"


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị của người làm")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    class_code = models.ForeignKey(ClassCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("họ tên", max_length=100)
    name_key = models.CharField(max_length=100, db_index=True)
    class_name = models.CharField("lớp", max_length=30, blank=True)
    is_pupil = models.BooleanField("học sinh", default=False)
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField("điểm (%)", default=0)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["quiz", "unit", "finished_at"])]
        verbose_name = "lượt làm bài"
        verbose_name_plural = "lượt làm bài"

    def __str__(self) -> str:
        return f"{self.quiz} – {self.name}"


class AttemptQuestion(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    selected = models.JSONField(default=list)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="learning_attempt_position")]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"



class PledgeRole(models.TextChoices):
    STAFF = "staff", "Cán bộ, giáo viên, nhân viên"
    PUPIL = "pupil", "Học sinh"
    PARENT = "parent", "Cha mẹ học sinh"


class Pledge(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledges", verbose_name="đơn vị ban hành")
    title = models.CharField("tên bản cam kết", max_length=300)
    text = models.TextField("nội dung cam kết")
    is_published = models.BooleanField("đang mở ký", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "bản cam kết"
        verbose_name_plural = "bản cam kết"

    def __str__(self) -> str:
        return self.title


class PledgeTarget(models.Model):
    """How many people of a unit are expected to sign (the denominator of signed %)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    expected = models.PositiveIntegerField("số người cần ký")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pledge", "unit"], name="learning_pledge_target_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.expected}"



class PledgeSignature(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    name = models.CharField("họ tên", max_length=100)
    role = models.CharField("là", max_length=10, choices=PledgeRole.choices)
    class_name = models.CharField("lớp", max_length=30, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["class_name", "name"]
        verbose_name = "chữ ký cam kết"
        verbose_name_plural = "chữ ký cam kết"

    def __str__(self) -> str:
        return self.name



class PaperSignatures(models.Model):
    """Signatures collected on paper, recorded by class and group as a count."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="paper_counts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    class_name = models.CharField("lớp / tổ", max_length=30)
    role = models.CharField("nhóm", max_length=10, choices=PledgeRole.choices)
    count = models.PositiveIntegerField("số chữ ký trên giấy")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pledge", "unit", "class_name", "role"],
                                               name="learning_paper_unique")]

    def __str__(self) -> str:
        return f"{self.class_name}: {self.count}"



class TrainingKind(models.TextChoices):
    TRAINING = "training", "Tập huấn"
    CONFERENCE = "conference", "Hội nghị"
    TOPIC = "topic", "Chuyên đề"


class TrainingSession(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="trainings", verbose_name="đơn vị tổ chức")
    kind = models.CharField("hình thức", max_length=12, choices=TrainingKind.choices, default=TrainingKind.TRAINING)
    title = models.CharField("tên buổi", max_length=300)
    held_on = models.DateField("ngày tổ chức")
    audience = models.CharField("đối tượng", max_length=10, choices=Audience.choices)
    presenter = models.CharField("báo cáo viên", max_length=200)
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name="tài liệu (bài học)")
    quiz = models.ForeignKey(Quiz, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="bài kiểm tra ngắn sau buổi")
    code = models.CharField("mã điểm danh", max_length=12, unique=True, default=new_code)
    attendance_open = models.BooleanField("đang mở điểm danh", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "buổi tập huấn"
        verbose_name_plural = "buổi tập huấn"

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField("họ tên", max_length=100)
    name_key = models.CharField(max_length=100)
    workplace = models.CharField("đơn vị công tác", max_length=200, blank=True)
    by_code = models.BooleanField("tự điểm danh bằng mã", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["session", "name_key", "workplace"],
                                               name="learning_attendance_once")]

    def __str__(self) -> str:
        return self.name



class Roster(models.Model):
    """A unit's head counts (sĩ số), typed by the unit: the denominators of participation rates."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="learning_roster")
    pupils = models.PositiveIntegerField("số học sinh", default=0)
    staff = models.PositiveIntegerField("số cán bộ, giáo viên, nhân viên", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sĩ số đơn vị"
        verbose_name_plural = "sĩ số đơn vị"

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.pupils}"


# --- Essay and poster rounds («bài dự thi viết, tranh vẽ, áp phích») --------------------------------

class EssayKind(models.TextChoices):
    TEXT = "text", "Bài viết"
    IMAGE = "image", "Tranh vẽ, áp phích (ảnh)"
    BOTH = "both", "Bài viết hoặc tranh, áp phích"


class EssayRound(models.Model):
    """A contest round where pupils or staff send a text or an image, scored by a jury with a rubric."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="essay_rounds",
                                verbose_name="cuộc thi")
    title = models.CharField("tên vòng thi", max_length=300)
    prompt = models.TextField("đề bài, thể lệ")
    kind = models.CharField("hình thức", max_length=10, choices=EssayKind.choices, default=EssayKind.TEXT)
    opens_at = models.DateTimeField("mở nhận bài từ")
    closes_at = models.DateTimeField("hạn nộp bài")
    jurors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name="giám khảo")
    results_published = models.BooleanField("đã công bố kết quả", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_at", "pk"]
        verbose_name = "vòng thi viết, vẽ"
        verbose_name_plural = "vòng thi viết, vẽ"

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.criteria.all())


class RubricCriterion(models.Model):
    round = models.ForeignKey(EssayRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("tiêu chí", max_length=200)
    max_points = models.PositiveSmallIntegerField("điểm tối đa")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = "tiêu chí chấm"
        verbose_name_plural = "tiêu chí chấm"

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "Đang quét nội dung"
    ACCEPTED = "accepted", "Đã nhận, chờ chấm"
    HELD = "held", "Tạm giữ: chờ ban tổ chức xem"
    REJECTED = "rejected", "Không nhận"


class Submission(models.Model):
    """One entry: a pupil's (through a class code, no account) or a staff member's (signed in)."""

    round = models.ForeignKey(EssayRound, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    class_code = models.ForeignKey(ClassCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("họ tên", max_length=100)
    name_key = models.CharField(max_length=100)
    class_name = models.CharField("lớp", max_length=30, blank=True)
    is_pupil = models.BooleanField("học sinh", default=False)
    title = models.CharField("tên bài", max_length=200)
    text = models.TextField("bài viết", blank=True)
    image = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField("trạng thái", max_length=10, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.PENDING)
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "name_key"], name="learning_submission_once")]
        verbose_name = "bài dự thi"
        verbose_name_plural = "bài dự thi"

    def __str__(self) -> str:
        return self.title

    @property
    def entry_number(self) -> str:
        """What a juror sees instead of the name while marking is blind."""
        return f"Bài số {self.pk}"

    # Scannable (mangxanh.scanning.service)
    def scan_text(self) -> str:
        return f"{self.title}\n\n{self.text}"

    def scan_unit(self) -> Unit:
        return self.unit


class JuryScore(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField("điểm")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "juror", "criterion"],
                                               name="learning_jury_score_once")]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.criterion_id}: {self.points}"


# --- Scam-alert bulletins for parents («bản tin cảnh báo lừa đảo») -----------------------------------

class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp chờ duyệt"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ"


class ScamBulletin(models.Model):
    """A warning drafted from a closed scam case, anonymised automatically, published after a person reviews it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scam_bulletins", verbose_name="đơn vị đăng")
    case = models.ForeignKey("intake.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="vụ việc gốc")
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    status = models.CharField("trạng thái", max_length=10, choices=BulletinStatus.choices,
                              default=BulletinStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="người duyệt")
    published_at = models.DateTimeField("ngày đăng", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "bản tin cảnh báo lừa đảo"
        verbose_name_plural = "bản tin cảnh báo lừa đảo"

    def __str__(self) -> str:
        return self.title


class BulletinPush(models.Model):
    """A bulletin sent to a school as a review draft for its own channels (once per school)."""

    bulletin = models.ForeignKey(ScamBulletin, on_delete=models.CASCADE, related_name="pushes")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey("review.Draft", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "unit"], name="learning_bulletin_push_once")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.unit_id}"
