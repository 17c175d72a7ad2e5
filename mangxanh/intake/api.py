"""Partner API (/api/v1/): submit reports, upload files, read status. Errors are always JSON:
{"error": {"code": "...", "message": "<Vietnamese>", "message_en": "...", "details": [...]}}."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.parser import Parser
from ninja.security import APIKeyHeader

from mangxanh.core.api_errors import (
    ApiError,
    body_problem,
    error,
    json_error_response,
    not_found,
    status_error,
)
from mangxanh.core.text import clean_text
from mangxanh.files.storage import ChecksumMismatch, UploadError
from mangxanh.files.uploads import Accepted, accept_upload
from mangxanh.intake import categories as cats
from mangxanh.intake import services
from mangxanh.intake.models import MAX_LINKS, AgeRange, ApiKey, ApiUpload, Channel, Report
from mangxanh.intake.views_public import ALLOWED_FILES
from mangxanh.org.models import Unit

log = logging.getLogger(__name__)
MAX_BATCH = 100
API_PREFIX = "/api/v1/"
API_MAX_FILE_BYTES = 20 * 1024 * 1024


LAST_USED_PRECISION = timedelta(minutes=1)


class PartnerKey(APIKeyHeader):
    """`Authorization: Bearer mx_...` or `X-Api-Key: mx_...`."""

    param_name = "X-Api-Key"

    def _get_key(self, request: HttpRequest) -> str | None:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip()
        return request.headers.get("X-Api-Key")

    def __call__(self, request: HttpRequest):
        return self.authenticate(request, self._get_key(request))

    def authenticate(self, request: HttpRequest, key: str | None):
        if not key:
            return None
        found = ApiKey.objects.find(key)
        if found is None:
            return None
        if not found.is_usable:
            raise ApiError(401, "key_expired", "Khóa API đã hết hạn hoặc đã bị thu hồi.",
                           "The API key has expired or was revoked.")
        now = timezone.now()
        # A write per request would be a commit per request; a minute's precision is enough here.
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


class JsonObjectParser(Parser):
    """Bodies are JSON objects sent as application/json; anything else is refused with its own error.

    Ninja turns every parser exception into «Cannot parse request body» (400), so the precise
    error is left on the request for the HttpError handler to answer with.
    """

    def parse_body(self, request: HttpRequest):
        problem = body_problem(request)
        if isinstance(problem, ApiError):
            request._api_body_error = problem
            raise problem
        return problem


class PartnerApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        from mangxanh.intake.openapi import describe

        return describe(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = PartnerApi(
    title="Mạng Xanh — API đối tác / Partner API",
    version="1",
    description="Gửi phản ánh tự động, tải tệp chứng cứ, xem trạng thái. / Submit reports, upload evidence, "
                "read status.",
    urls_namespace="intake:intake_api",
    docs_url=None,
    auth=PartnerKey(),
    parser=JsonObjectParser(),
)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return exc.response()


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return status_error(401)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    details = [_detail(e) for e in exc.errors]
    return error(422, "invalid", "Dữ liệu gửi lên không hợp lệ.", "The request data is invalid.", details)


# Pydantic's error types in Vietnamese (its English texts, «Field required», never reach the partner).
_PROBLEMS_VI = {
    "missing": "Thiếu trường bắt buộc.",
    "list_type": "Phải là một danh sách (mảng JSON).",
    "string_type": "Phải là một chuỗi ký tự.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "int_type": "Phải là một số nguyên.",
    "int_parsing": "Phải là một số nguyên.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "datetime_type": "Phải là thời điểm theo ISO 8601, ví dụ 2026-05-01T08:30:00+07:00.",
    "datetime_parsing": "Phải là thời điểm theo ISO 8601, ví dụ 2026-05-01T08:30:00+07:00.",
    "datetime_from_date_parsing": "Phải là thời điểm theo ISO 8601, ví dụ 2026-05-01T08:30:00+07:00.",
    "string_too_long": "Quá dài.",
    "too_long": "Quá nhiều phần tử.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
    "string_unicode": "Có ký tự không hợp lệ (lỗi mã hóa Unicode).",
}


def _detail(e: dict) -> dict:
    # loc starts with where the value came from, then (for JSON) the body parameter's name:
    # ("body", "body", "description"), ("form", "sha256"), ("file", "file"). Name the field only.
    loc = [str(p) for p in e.get("loc", ())]
    if len(loc) > 1 and loc[0] in {"body", "form", "file", "query", "path", "header"}:
        loc.pop(0)
    if len(loc) > 1 and loc[0] == "body":
        loc.pop(0)
    kind = e.get("type", "")
    if kind in {"literal_error", "enum"}:
        expected = (e.get("ctx") or {}).get("expected", "")
        problem = f"Giá trị không hợp lệ; chỉ nhận: {expected}." if expected else "Giá trị không hợp lệ."
    elif kind.startswith("datetime") or kind.startswith("date_"):
        problem = _PROBLEMS_VI["datetime_parsing"]
    else:
        problem = _PROBLEMS_VI.get(kind, "Giá trị không hợp lệ.")
    return {"field": ".".join(loc) or "body", "problem": problem}


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    precise = getattr(request, "_api_body_error", None)
    if precise is not None:
        return _api_error(request, precise)
    return status_error(exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return not_found()


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    # Ninja reads request.body before the parser runs: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is the
    # sender's to shrink (413), not a server error that invites a retry.
    return status_error(413)


@api.exception_handler(Exception)
def _server_error(request, exc):
    log.exception("partner API error")
    return status_error(500)


def require_scope(request, scope: str) -> ApiKey:
    key: ApiKey = request.auth
    if scope not in key.scopes:
        raise ApiError(403, "missing_scope", f"Khóa API không có quyền “{scope}”.",
                       f"The API key lacks the scope '{scope}'.")
    return key


CategoryCode = Literal[cats.API_CODES]  # type: ignore[valid-type]


class ReportIn(Schema):
    incident_type: list[CategoryCode] = Field(  # type: ignore[valid-type]
        ..., description="Loại sự việc (mã nhóm nguy cơ) / Incident type (harm category codes)")
    description: str = Field(..., description="Mô tả sự việc / What happened")
    occurred_at: datetime | None = Field(None, description="Thời điểm xảy ra / When it happened (ISO 8601)")
    urls: list[str] = Field(default_factory=list,
                            description=f"Đường link liên quan, tối đa {MAX_LINKS} / Related URLs, at most {MAX_LINKS}")
    reported_account: str = Field("", description="Tài khoản bị phản ánh / Reported account (name, ID or URL)")
    victim_age_range: AgeRange = Field(AgeRange.UNKNOWN, description="Độ tuổi nạn nhân / Victim age range")
    school_code: str = Field("", description="Mã trường hoặc đơn vị nếu biết / School or unit code, if known")
    files: list[str] = Field(default_factory=list,
                             description="SHA-256 của tệp đã tải lên qua /files / SHA-256 of files uploaded via /files")
    in_danger: bool = Field(False, description="Có người đang gặp nguy hiểm / Someone is in immediate danger")
    external_ref: str = Field("", description="Mã phản ánh phía đối tác / Partner's own reference")


class ReportOut(Schema):
    code: str = Field(..., description="Mã phản ánh / Reference code")
    status: str = Field(..., description="Trạng thái / Status code")
    status_message: str = Field(..., description="Trạng thái cho người báo / Status for the reporter (Vietnamese)")
    submitted_at: datetime = Field(..., description="Thời điểm tiếp nhận / Received at")
    created: bool = Field(..., description="Lần gửi này tạo phản ánh mới / This request created the report")
    external_ref: str = Field("", description="Mã phía đối tác / Partner's reference")


class BatchItem(ReportIn):
    idempotency_key: str = Field("", description="Khóa chống trùng cho mục này / Idempotency key for this item")


class BatchIn(Schema):
    reports: list[BatchItem] = Field(..., description=f"Tối đa {MAX_BATCH} phản ánh / At most {MAX_BATCH} reports")


class BatchOut(Schema):
    results: list[ReportOut]


class FileOut(Schema):
    sha256: str = Field(..., description="SHA-256 của tệp / File SHA-256")
    size: int = Field(..., description="Kích thước (byte) / Size in bytes")
    mime_type: str = Field(..., description="Kiểu nội dung phát hiện từ tệp / Content type detected from bytes")


class ErrorDetail(Schema):
    code: str = Field(..., description="Mã lỗi cố định, ví dụ invalid, not_found / Stable error code")
    message: str = Field(..., description="Thông báo tiếng Việt / Message in Vietnamese")
    message_en: str = Field(..., description="Thông báo tiếng Anh / Message in English")
    details: list[dict] = Field(default_factory=list,
                                description="Chi tiết, ví dụ [{field, problem}] / Details, e.g. [{field, problem}]")


class ErrorOut(Schema):
    error: ErrorDetail


class ReportListOut(Schema):
    results: list[ReportOut]
    has_more: bool = Field(..., description="Còn phản ánh sau trang này / More reports after this page")
    next_after: int | None = Field(None, description="Gửi lại với after=giá trị này để lấy trang sau / "
                                                     "Send as `after` to get the next page")


def _out(report: Report, created: bool) -> dict:
    return {"code": report.code, "status": report.state, "status_message": report.public_state,
            "submitted_at": report.submitted_at, "created": created, "external_ref": report.external_ref}


def _to_input(key: ApiKey, body: ReportIn, idempotency_key: str) -> services.ReportInput:
    try:
        if len(body.urls) > MAX_LINKS:  # before touching 10,000 strings one by one
            raise DjangoValidationError(f"Quá nhiều đường link: tối đa {MAX_LINKS} đường link cho một phản ánh.")
        description = clean_text(body.description, field_label="Mô tả", max_length=services.MAX_DESCRIPTION,
                                          required=True)
        links = services.clean_links(body.urls)
        categories = services.clean_categories(body.incident_type)
        account = clean_text(body.reported_account, field_label="Tài khoản", max_length=300)
        external_ref = clean_text(body.external_ref, field_label="Mã đối tác", max_length=200)
        school = clean_text(body.school_code, field_label="Mã trường", max_length=50)
        idem = clean_text(idempotency_key, field_label="Idempotency-Key", max_length=200)
    except DjangoValidationError as exc:
        raise ApiError(422, "invalid", " ".join(exc.messages), "Invalid field value (see message).") from exc
    unit = None
    if school:
        unit = Unit.objects.filter(code=school, is_active=True).first()
        if unit is None:
            raise ApiError(422, "unknown_school", f"Không có đơn vị với mã “{school}”.", "Unknown school code.")
    files = []
    for sha in dict.fromkeys(body.files):
        upload = ApiUpload.objects.select_related("file").filter(api_key=key, file__sha256=sha).first()
        if upload is None:
            raise ApiError(422, "unknown_file", f"Chưa có tệp với SHA-256 {sha[:64]}; hãy tải lên qua /files trước.",
                           "Unknown file hash; upload it via /files first.")
        if upload.viewing_copy is not None and not cats.keeps_original(categories):
            files.append(Accepted(upload.viewing_copy, upload.name))  # the stripped copy only
        else:
            files.append(Accepted(upload.file, upload.name, upload.viewing_copy))
    digest = hashlib.sha256(json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()
    return services.ReportInput(
        categories=categories, description=description, links=links, files=files, reported_account=account,
        incident_at=body.occurred_at, in_danger=body.in_danger,
        affects_child=body.victim_age_range not in ("", AgeRange.ADULT), victim_age_range=body.victim_age_range,
        unit=unit, anonymous=True, channel=Channel.API, api_key=key, idempotency_key=idem, request_sha256=digest,
        external_ref=external_ref,
    )


def _submit(data: services.ReportInput) -> services.Submitted:
    try:
        return services.submit_report(data)
    except services.IdempotencyConflict as exc:
        raise ApiError(409, "idempotency_conflict",
                       "Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác.",
                       "This Idempotency-Key was already used with a different request body.",
                       [{"code": str(exc)}]) from exc


@api.post("/reports", response={201: ReportOut, 200: ReportOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut,
                                413: ErrorOut, 422: ErrorOut}, summary="Gửi một phản ánh / Submit a report")
def submit(request, body: ReportIn):
    key = require_scope(request, "reports:write")
    data = _to_input(key, body, request.headers.get("Idempotency-Key", ""))
    submitted = _submit(data)
    return Status(201 if submitted.created else 200, _out(submitted.report, submitted.created))


@api.post("/reports/batch", response={200: BatchOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 413: ErrorOut,
                                      422: ErrorOut},
          summary="Gửi nhiều phản ánh cùng lúc, tất cả hoặc không / Submit many reports, all or nothing")
def submit_batch(request, body: BatchIn):
    key = require_scope(request, "reports:write")
    if not body.reports or len(body.reports) > MAX_BATCH:
        raise ApiError(422, "batch_size", f"Mỗi lô gồm từ 1 đến {MAX_BATCH} phản ánh.",
                       f"A batch holds 1 to {MAX_BATCH} reports.")
    inputs = []
    for index, item in enumerate(body.reports):
        try:
            inputs.append(_to_input(key, item, item.idempotency_key))
        except ApiError as exc:
            exc.details = [{"index": index}]
            raise
    with transaction.atomic():
        results = [_submit(data) for data in inputs]
    return Status(200, {"results": [_out(r.report, r.created) for r in results]})


@api.get("/reports/{code}", response={200: ReportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
         summary="Trạng thái một phản ánh đã gửi / Status of a submitted report")
def report_status(request, code: str):
    key = require_scope(request, "reports:read")
    report = Report.objects.select_related("case").filter(api_key=key, code=code[:20]).first()
    if report is None:
        raise Http404
    return Status(200, _out(report, False))


MAX_LIST = 100
MAX_ROW_ID = 2**63 - 1  # a larger cursor would overflow the database's integer
SINCE = Query(None, description="Nhận từ thời điểm này (ISO 8601) / Received at or after (ISO 8601)")


@api.get("/reports", response={200: ReportListOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
         summary="Tìm phản ánh theo mã của đối tác, hoặc liệt kê từ một thời điểm / "
                 "Look reports up by your external_ref, or list them since a time")
def report_list(
    request,
    external_ref: str = Query("", description="Mã phản ánh phía đối tác / Your own reference"),
    since: datetime | None = SINCE,
    after: int = Query(0, description="next_after của trang trước / next_after of the previous page"),
    limit: int = Query(MAX_LIST, description=f"Số phản ánh mỗi trang, 1–{MAX_LIST} / Page size, 1 to {MAX_LIST}"),
):
    # Only this key's reports, oldest first.
    key = require_scope(request, "reports:read")
    if not 1 <= limit <= MAX_LIST:
        raise ApiError(422, "invalid", f"limit phải từ 1 đến {MAX_LIST}.", f"limit must be 1 to {MAX_LIST}.",
                       [{"field": "limit", "problem": f"Phải từ 1 đến {MAX_LIST}."}])
    try:
        external_ref = clean_text(external_ref, field_label="external_ref", max_length=200)
    except DjangoValidationError as exc:
        raise ApiError(422, "invalid", " ".join(exc.messages), "Invalid external_ref.",
                       [{"field": "external_ref", "problem": " ".join(exc.messages)}]) from exc
    reports = Report.objects.select_related("case").filter(api_key=key)
    if external_ref:
        reports = reports.filter(external_ref=external_ref)
    if since is not None:
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        reports = reports.filter(submitted_at__gte=since)
    # Paged by row id, which only grows: exact pages even when many reports share one second.
    page = list(reports.filter(pk__gt=min(max(after, 0), MAX_ROW_ID)).order_by("pk")[: limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    return Status(200, {"results": [_out(r, False) for r in page], "has_more": has_more,
                        "next_after": page[-1].pk if has_more else None})


@api.post("/files", response={201: FileOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut},
          summary="Tải lên tệp chứng cứ, kiểm tra SHA-256 / Upload an evidence file, SHA-256 checked")
def upload_file(request, file: File[UploadedFile],
                sha256: str = Form(..., description="SHA-256 (hex) của tệp / The file's SHA-256 (hex)")):
    key = require_scope(request, "files:write")
    claimed = sha256.strip().lower()
    try:
        with transaction.atomic():
            # Checked before the file reaches storage: a mismatch leaves nothing on disk. The report that
            # will name it is not known yet, so the original is kept with its viewing copy; a report that
            # does not need the original (categories.keeps_original) takes the viewing copy only.
            accepted = accept_upload(file, allowed=ALLOWED_FILES, max_bytes=API_MAX_FILE_BYTES, keep_original=True,
                                     expected_sha256=claimed)
            ApiUpload.objects.get_or_create(api_key=key, file=accepted.file,
                                            defaults={"name": accepted.name, "viewing_copy": accepted.viewing_copy})
    except ChecksumMismatch as exc:
        raise ApiError(422, "sha256_mismatch", str(exc), "The received file's SHA-256 does not match the declared value.",
                       [{"received": exc.received}]) from exc
    except UploadError as exc:
        raise ApiError(422, "bad_file", str(exc), "File refused (size, type or image dimensions).") from exc
    return Status(201, {"sha256": accepted.file.sha256, "size": accepted.file.size,
                        "mime_type": accepted.file.mime_type})


def api_not_found(request, rest: str = ""):
    return status_error(404)


class ApiJsonErrorsMiddleware:
    """Under /api/v1/ every error is JSON in the API's format, whoever produced it (a 405 from
    Ninja's router, a 500 page from Django, a 413 from the request size limit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return json_error_response(response) if request.path.startswith(API_PREFIX) else response
