"""The app's own REST routes, walked from its OpenAPI table: each one called with a
well-formed request that names given records. A route added later is walked the day it
appears."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.api.app import build_api
from tests.integration.catalog.test_product_images import PNG

NOWHERE = "00000000-0000-4000-8000-000000000000"
IDS = (
    "store_id",
    "product_id",
    "order_id",
    "task_id",
    "customer_id",
    "template_id",
    "rule_id",
    "member_id",
    "recurring_id",
    "supplier_id",
    "worker_id",
    "connection_id",
)


@dataclass(frozen=True)
class Call:
    """One request to one route."""

    method: str
    path: str
    url: str
    query: dict[str, Any]
    headers: dict[str, str]
    payload: dict[str, Any] = field(default_factory=dict)
    names_a_record: bool = False

    def send(self, client: TestClient, auth: dict[str, str]) -> Response:
        headers = {**auth, **self.headers}
        return client.request(
            self.method, self.url, params=self.query, headers=headers, **self.payload
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def sample(
    schema: dict[str, Any], spec: dict[str, Any], ids: dict[str, str], name: str = ""
) -> Any:
    """A body the route accepts as well-formed, naming the given records."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if name in ids:
        return ids[name]
    if name.endswith("_ids") and name[:-1] in ids:  # product_ids: [the given product]
        return [ids[name[:-1]]]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = set(schema.get("required", [])) | set(ids)
        return {k: sample(v, spec, ids, k) for k, v in props.items() if k in wanted}
    if kind == "array":
        return [sample(schema.get("items", {}), spec, ids)] if schema.get("minItems") else []
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    if "anyOf" in schema:
        return sample(schema["anyOf"][0], spec, ids, name)
    return "x"


def _payload(content: dict[str, Any], body: Any) -> dict[str, Any]:
    """The request's body in the form the route takes (JSON, a file, CSV or bytes)."""
    if "multipart/form-data" in content:
        return {"files": {"file": ("mug.png", PNG, "image/png")}}
    if "text/csv" in content:
        return {"content": b"title\nCandle\n"}
    if "application/octet-stream" in content:
        return {"content": b"a file"}
    return {"json": body} if body is not None else {}


def every_route(
    ids: dict[str, str], *, skip: set[str] | frozenset[str] = frozenset()
) -> Iterator[Call]:
    """One call per route and method, naming ``ids``' records wherever the route takes
    one; the routes that end a login session come last, so they end nothing early."""
    spec = build_api().openapi()
    calls = []
    for path, operations in spec["paths"].items():
        if path in skip:
            continue
        for method, operation in operations.items():
            params = {p["name"]: p for p in operation.get("parameters", [])}
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = content.get("application/json", {}).get("schema", {})
            body = sample(body_schema, spec, ids) if body_schema else None
            named = any(n in IDS for n in params)
            in_body = isinstance(body, dict) and any(k in IDS for k in body)
            values = {
                n: ids[n] if n in ids else sample(p.get("schema", {}), spec, ids, n)
                for n, p in params.items()
                if n in ids or p.get("required")
            }
            url = path.format(**{n: v for n, v in values.items() if params[n]["in"] == "path"})
            calls.append(
                Call(
                    method=method.upper(),
                    path=path,
                    url=url,
                    query={n: v for n, v in values.items() if params[n]["in"] == "query"},
                    headers={"Content-Type": "text/csv"} if "text/csv" in content else {},
                    payload=_payload(content, body),
                    names_a_record=named or in_body,
                )
            )
    yield from sorted(calls, key=lambda c: "logout" in c.path)
