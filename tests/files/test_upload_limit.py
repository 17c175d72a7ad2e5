"""The one upload-limit decorator: a file past the limit is dropped while it streams in (never held nor
written to a temporary file), the view is told, and the CSRF check still runs after the handler is in place."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.test import RequestFactory

from mangxanh.files.limits import upload_limit


@upload_limit(lambda: 1024)
def view(request):
    files = sorted(request.FILES)  # the body is parsed here (the CSRF check would have parsed it already)
    return JsonResponse({"too_large": request.upload_too_large, "files": files, "title": request.POST.get("title", "")})


def post(size: int, *, csrf: bool = True):
    data = {"title": "Biên bản", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * size)}
    request = RequestFactory().post("/", data)  # multipart, like a browser form
    request._dont_enforce_csrf_checks = csrf
    return view(request)


def answer(response) -> dict:
    return json.loads(response.content)


def test_a_file_under_the_limit_reaches_the_view():
    assert answer(post(100)) == {"too_large": False, "files": ["file"], "title": "Biên bản"}


def test_a_file_over_the_limit_is_dropped_and_the_view_is_told():
    # The other fields still arrive, so the form can be shown again with what was typed.
    assert answer(post(5000)) == {"too_large": True, "files": [], "title": "Biên bản"}


def test_the_csrf_check_still_runs():
    assert post(100, csrf=False).status_code == 403
