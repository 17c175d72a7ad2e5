"""Dates display dd/mm/yyyy and times in Asia/Ho_Chi_Minh (+07:00)."""

import datetime as dt

from django import forms
from django.template import Context, Template
from django.utils import timezone, translation


def render(source: str, **context) -> str:
    with translation.override("vi"):
        return Template(source).render(Context(context))


def test_date_filter_is_dd_mm_yyyy():
    assert render("{{ d|date }}", d=dt.date(2025, 7, 1)) == "01/07/2025"
    assert render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=dt.date(2025, 12, 31)) == "31/12/2025"


def test_plain_date_variable_is_dd_mm_yyyy():
    assert render("{{ d }}", d=dt.date(2026, 3, 9)) == "09/03/2026"


def test_utc_datetime_shows_in_vietnam_time():
    moment = dt.datetime(2025, 11, 30, 17, 30, tzinfo=dt.UTC)
    assert render("{{ t|date:'H:i d/m/Y O' }}", t=moment) == "00:30 01/12/2025 +0700"
    assert render("{{ t }}", t=moment) == "00:30 01/12/2025"
    assert timezone.localtime(moment).utcoffset() == dt.timedelta(hours=7)


def test_date_input_accepts_dd_mm_yyyy():
    class When(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = When({"day": "31/12/2025"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2025, 12, 31)
        bad = When({"day": "31/02/2025"})
        assert not bad.is_valid()
        assert bad.errors["day"] == ["Nhập một ngày hợp lệ."]


def test_numbers_use_vietnamese_separators():
    assert render("{% load humanize %}{{ n|intcomma }}", n=1234567) == "1.234.567"
