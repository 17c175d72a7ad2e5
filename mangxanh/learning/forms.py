from __future__ import annotations

from django import forms

from mangxanh.learning.models import Contest, EssayKind, Lesson, Pledge, Quiz, TrainingSession


class LessonForm(forms.ModelForm):
    body = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Mỗi dòng là một đoạn. **đậm**, *nghiêng*, dòng bắt đầu bằng «- » là danh sách, "
                  "«## » là tiêu đề nhỏ, [chữ](https://…) là liên kết.")
    upload = forms.FileField(label="Tệp đính kèm (PDF, DOCX, ảnh; tùy chọn)", required=False)

    class Meta:
        model = Lesson
        fields = ["title", "audience", "topic", "summary", "video_url", "sources"]
        widgets = {"sources": forms.Textarea(attrs={"rows": 3})}


class QuizForm(forms.ModelForm):
    def __init__(self, *args, contests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = contests if contests is not None else Contest.objects.none()
        self.fields["contest"].required = False
        self.fields["round_number"].required = False  # only meaningful inside a contest

    class Meta:
        model = Quiz
        fields = ["title", "contest", "round_number", "audience", "topic", "question_count", "time_limit_minutes", "max_attempts",
                  "pass_percent", "opens_at", "closes_at", "is_published"]
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            raise forms.ValidationError("Thời điểm đóng phải sau thời điểm mở.")
        if data.get("pass_percent") is not None and data["pass_percent"] > 100:
            raise forms.ValidationError("Điểm đạt tối đa là 100%.")
        data["round_number"] = data.get("round_number") or 1
        for field in ("question_count", "time_limit_minutes", "max_attempts"):
            if data.get(field) == 0:
                self.add_error(field, "Phải lớn hơn 0.")
        return data


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["title", "text", "is_published"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class TrainingForm(forms.ModelForm):
    def __init__(self, *args, lessons=None, quizzes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = lessons if lessons is not None else self.fields["lesson"].queryset.none()
        self.fields["lesson"].required = False
        self.fields["quiz"].queryset = quizzes if quizzes is not None else self.fields["quiz"].queryset.none()
        self.fields["quiz"].required = False

    class Meta:
        model = TrainingSession
        fields = ["kind", "title", "held_on", "audience", "presenter", "lesson", "quiz"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class EssayRoundForm(forms.Form):
    title = forms.CharField(label="Tên vòng thi", max_length=300)
    prompt = forms.CharField(label="Đề bài, thể lệ", widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(label="Hình thức", choices=EssayKind.choices)
    opens_at = forms.DateTimeField(label="Mở nhận bài từ", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label="Hạn nộp bài", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    rubric = forms.CharField(
        label="Thang điểm", widget=forms.Textarea(attrs={"rows": 5}),
        initial="Nội dung đúng, đủ, có ích: 40\nSáng tạo: 30\nHình thức trình bày: 20\nThông điệp rõ ràng: 10",
        help_text="Mỗi dòng một tiêu chí: «Tên tiêu chí: điểm tối đa».")
    jurors = forms.ModelMultipleChoiceField(label="Ban giám khảo", queryset=None,
                                            help_text="Cán bộ của đơn vị tổ chức hoặc các đơn vị trực thuộc.")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = people
