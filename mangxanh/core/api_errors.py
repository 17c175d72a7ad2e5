"""The one JSON error format of our APIs (the partner API under /api/v1/ and the staff review API):

    {"error": {"code": "...", "message": "<Vietnamese>", "message_en": "...", "details": [...]}}

with one fixed answer per HTTP status, the same body checks (415 not JSON, 400 bad JSON, 413 too
large, 422 not an object), and one way to turn any other error response into this format.
"""

from __future__ import annotations

import json
from functools import wraps

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, message_en: str, details: list | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.message_en, self.details = status, code, message, message_en, details

    @classmethod
    def for_status(cls, status: int, details: list | None = None) -> ApiError:
        return cls(status, *STATUS_ERRORS.get(status, GENERIC), details)

    def response(self) -> JsonResponse:
        return error(self.status, self.code, self.message, self.message_en, self.details)


def error(status: int, code: str, message: str, message_en: str, details: list | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "message_en": message_en, "details": details or []}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


# Fixed answers per HTTP status: never the text of an internal exception.
STATUS_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ.", "Bad request."),
    401: ("unauthenticated", "Thiếu khóa API hoặc khóa không đúng.", "Missing or invalid API key."),
    403: ("forbidden", "Không có quyền thực hiện yêu cầu này.", "Forbidden."),
    404: ("not_found", "Không có địa chỉ API này.", "No such API endpoint."),
    405: ("method_not_allowed", "Phương thức HTTP này không được dùng ở địa chỉ này.",
          "This HTTP method is not allowed here."),
    413: ("too_large", "Nội dung gửi lên quá lớn.", "The request body is too large."),
    415: ("unsupported_media_type", "Nội dung phải gửi dạng JSON (Content-Type: application/json).",
          "The body must be JSON (Content-Type: application/json)."),
    429: ("too_many_requests", "Gửi quá nhiều yêu cầu; hãy thử lại sau.", "Too many requests; retry later."),
    500: ("server_error", "Lỗi máy chủ; yêu cầu chưa được lưu. Hãy thử lại.",
          "Server error; nothing was stored. Please retry."),
}
GENERIC = ("http_error", "Yêu cầu không xử lý được.", "The request could not be processed.")


def status_error(status: int, details: list | None = None) -> JsonResponse:
    return ApiError.for_status(status, details).response()


def not_found() -> JsonResponse:
    """An object that does not exist or lies outside the caller's scope (the two are not told apart)."""
    return error(404, "not_found", "Không tìm thấy.", "Not found.")


def json_error_response(response):
    """Any error response that is not JSON yet (a 405 from a method guard, Django's 500 page, a 413 from
    the body-size limit) in the API format, keeping its Allow header."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
        return response
    allow = response.get("Allow")
    response = status_error(response.status_code)
    if allow:
        response["Allow"] = allow
    return response


def body_problem(request: HttpRequest):
    """The request's JSON object, or the ApiError that explains why there is none."""
    content_type = request.content_type or ""
    if content_type != "application/json" and not content_type.endswith("+json"):
        return ApiError.for_status(415)
    try:
        data = json.loads(request.body)
    except RequestDataTooBig:
        return ApiError.for_status(413)
    except ValueError:  # also bad UTF-8
        return ApiError(400, "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ.",
                        "The request body is not valid JSON.")
    if not isinstance(data, dict):
        return ApiError(422, "not_an_object", "Nội dung gửi lên phải là một đối tượng JSON ({…}).",
                        "The request body must be a JSON object ({...}).")
    return data


def json_errors(refusals: dict[type[Exception], tuple[int, str, str]] | None = None):
    """View decorator for a JSON API outside Ninja: the same format for 404, 403, ApiError, the
    refusals given ({exception class: (status, code, message_en)}, the exception's text as the
    Vietnamese message) and any non-JSON error response."""
    refusals = refusals or {}

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except ApiError as exc:
                return exc.response()
            except Http404:
                return not_found()
            except PermissionDenied as exc:
                code, message, message_en = STATUS_ERRORS[403]
                return error(403, code, str(exc) or message, message_en)
            except tuple(refusals) as exc:
                status, code, message_en = next(v for k, v in refusals.items() if isinstance(exc, k))
                return error(status, code, str(exc), message_en)
            return json_error_response(response)

        return wrapped

    return decorate
