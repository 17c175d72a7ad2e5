"""One upload-limit decorator for every view that accepts a file.

The handler is put in place before anything reads the body (CSRF included), so a file past the
limit is dropped as it streams in: neither kept in memory nor written to a temporary file. The view
then sees request.upload_too_large (once the body is parsed: the CSRF check or request.FILES) and says
why in its own words."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class UploadSizeLimit(FileUploadHandler):
    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.request.upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def upload_limit(max_bytes: int | Callable[[], int]):
    """Drop any uploaded file larger than max_bytes (a number, or a function read per request)."""

    def decorator(view):
        # csrf_exempt outside, csrf_protect inside: the CSRF check reads the body, so it must run
        # after the handler is installed, not in the middleware before it.
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = max_bytes() if callable(max_bytes) else max_bytes
            request.upload_too_large = False
            request.upload_handlers.insert(0, UploadSizeLimit(request, limit))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
