"""The partner API's documentation as a page people read (Vietnamese first), built from the same
OpenAPI description the machines read, so the two never disagree."""

from __future__ import annotations

from django.shortcuts import render

from mangxanh.core.api_errors import STATUS_ERRORS
from mangxanh.intake.api import api

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}


def _fields(schema: dict, components: dict) -> list[dict]:
    ref = schema.get("$ref", "")
    if ref:
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type") or ", ".join(p.get("type", "") for p in prop.get("anyOf", []) if p.get("type"))
        if "$ref" in prop or "allOf" in prop:
            kind = "object"
        out.append({"name": name, "type": kind or "object", "required": name in required,
                    "description": prop.get("description", "")})
    return out


def _operations(schema: dict) -> list[dict]:
    components = schema.get("components", {}).get("schemas", {})
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in sorted(methods.items(), key=lambda m: METHOD_ORDER.get(m[0], 9)):
            body = op.get("requestBody", {}).get("content", {})
            body_schema = next(iter(body.values()), {}).get("schema", {}) if body else {}
            ops.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                                "description": p.get("description", "")} for p in op.get("parameters", [])],
                "body": _fields(body_schema, components) if body_schema else [],
                "statuses": sorted(op.get("responses", {})),
            })
    return ops


def api_docs(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema.get("components", {}).get("schemas", {})
    webhooks = [{"event": name, "summary": hook["post"]["summary"],
                 "fields": _fields(hook["post"]["requestBody"]["content"]["application/json"]["schema"], components)}
                for name, hook in schema.get("webhooks", {}).items()]
    errors = [{"status": status, "code": code, "message": message} for status, (code, message, _) in
              sorted(STATUS_ERRORS.items())]
    return render(request, "intake/api_docs.html", {
        "title": schema["info"]["title"], "operations": _operations(schema), "webhooks": webhooks,
        "errors": errors,
    })
