"""What Ninja does not write into the partner API's OpenAPI description by itself: the Idempotency-Key
header, both ways to send the key (Bearer and X-Api-Key), the error schema on every error answer, and
the webhooks Mạng Xanh calls on the partner (OpenAPI 3.1 `webhooks`)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

SIGNATURE_HELP = (
    "X-MangXanh-Signature: sha256=<hex HMAC-SHA256(bí mật webhook, X-MangXanh-Timestamp + \".\" + thân)>; "
    "hãy từ chối dấu thời gian quá 5 phút. / sha256=<hex HMAC-SHA256(webhook secret, timestamp + \".\" + body)>; "
    "refuse timestamps older than 5 minutes."
)


class WebhookReportRef(Schema):
    code: str = Field(..., description="Mã phản ánh / Reference code")
    external_ref: str = Field("", description="Mã phía đối tác / Your reference")


class StateChangedEvent(Schema):
    event: str = Field("report.state_changed", description="Tên sự kiện / Event name")
    delivery_id: int = Field(..., description="Mã lần gửi, dùng để chống trùng / Delivery id, for de-duplication")
    at: datetime = Field(..., description="Thời điểm thay đổi / When it changed")
    state: str = Field(..., description="Trạng thái SAU thay đổi / State after the change")
    previous_state: str = Field(..., description="Trạng thái trước / State before")
    status_message: str = Field(..., description="Trạng thái cho người báo (tiếng Việt) / Status for the reporter")
    closure_reason: str = Field("", description="Lý do đóng khi state=closed / Closure reason when closed")
    reports: list[WebhookReportRef] = Field(..., description="Phản ánh của bạn trong vụ việc / Your reports")


class Platform(Schema):
    code: str = Field(..., description="Mã nền tảng / Platform code")
    name: str = Field(..., description="Tên nền tảng / Platform name")


class TakedownEvent(Schema):
    event: str = Field("takedown.requested", description="Tên sự kiện / Event name")
    delivery_id: int = Field(..., description="Mã lần gửi / Delivery id")
    at: datetime = Field(..., description="Thời điểm yêu cầu / When it was requested")
    platform: Platform = Field(..., description="Nền tảng được yêu cầu gỡ (chính bạn) / The platform asked (you)")
    takedown_id: int = Field(..., description="Mã yêu cầu gỡ bỏ / Takedown request id")
    url: str = Field(..., description="Đường link cần gỡ / URL to remove")


WEBHOOKS = {
    "report.state_changed": (StateChangedEvent, "Mỗi lần trạng thái phản ánh của bạn thay đổi, kèm trạng thái "
                                                "sau thay đổi / Every change of your report's state, with the "
                                                "state after it"),
    "takedown.requested": (TakedownEvent, "Yêu cầu gỡ bỏ gửi tới chính nền tảng của bạn (chỉ nền tảng đó nhận) / "
                                          "A takedown request addressed to your platform (only it receives it)"),
}


def _schema_of(model, components: dict) -> dict:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def describe(schema: dict) -> dict:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "mx_…",
                   "description": "Authorization: Bearer mx_… (khóa đối tác / partner key)"},
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                   "description": "X-Api-Key: mx_… (cùng khóa, cách gửi khác / the same key, sent another way)"},
    }
    either = [{"bearer": []}, {"apiKey": []}]
    schema["security"] = either
    for methods in schema.get("paths", {}).values():
        for op in methods.values():
            op["security"] = either
            for status, answer in op.get("responses", {}).items():
                if str(status).startswith(("4", "5")):
                    answer["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    submit = schema.get("paths", {}).get("/api/v1/reports", {}).get("post")
    if submit is not None:
        submit.setdefault("parameters", []).append({
            "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string",
                                                                                       "maxLength": 200},
            "description": "Cùng khóa + cùng nội dung → cùng phản ánh (200); cùng khóa + nội dung khác → 409. / "
                           "Same key and body return the same report (200); same key, other body: 409.",
        })
    schema["webhooks"] = {}
    for event, (model, summary) in WEBHOOKS.items():
        schema["webhooks"][event] = {"post": {
            "summary": summary,
            "parameters": [
                {"name": "X-MangXanh-Event", "in": "header", "required": True, "schema": {"type": "string"}},
                {"name": "X-MangXanh-Timestamp", "in": "header", "required": True, "schema": {"type": "string"},
                 "description": "Giây Unix / Unix seconds"},
                {"name": "X-MangXanh-Signature", "in": "header", "required": True, "schema": {"type": "string"},
                 "description": SIGNATURE_HELP},
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _schema_of(model, schemas)}}},
            "responses": {"2XX": {"description": "Đã nhận / Received"},
                          "default": {"description": "Gửi lại tối đa 6 lần, giãn cách 1–16 phút / "
                                                     "Retried up to 6 times, 1 to 16 minutes apart"}},
        }}
    return schema
