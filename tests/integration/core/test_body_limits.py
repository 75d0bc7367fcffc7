"""How much of a body the API reads, and for how long: a JSON body, a webhook, a CSV file
or an upload over its limit meets 413 before anything parses it (and changes nothing),
a body that trickles in meets 408, and order webhooks to one channel connection are
rate-limited, while a request of each kind at a normal size still goes through."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.api import body_limits
from bizq_app.api.app import build_api
from bizq_app.catalog import product_csv, product_files, product_images
from bizq_app.core.settings import get_settings
from tests import own_loop
from tests.integration.catalog.test_product_images import PNG
from tests.integration.conftest import signup

PROBLEM = "application/problem+json"
CHUNK = 64 * 1024
Message = MutableMapping[str, Any]


def a_store(client: TestClient) -> tuple[dict[str, str], str]:
    auth = signup(client, f"limits-{uuid.uuid4().hex[:8]}@example.com")
    store = client.post("/api/stores", json={"name": "Big Files"}, headers=auth)
    return auth, store.json()["id"]


def a_product(client: TestClient) -> tuple[dict[str, str], str]:
    """A store with one product; the owner's header and the product's address."""
    auth, store_id = a_store(client)
    product = client.post(
        "/api/products", json={"store_id": store_id, "title": "Mug"}, headers=auth
    )
    return auth, f"/api/products/{product.json()['id']}"


def products_of(client: TestClient, auth: dict[str, str], store_id: str) -> list[dict[str, Any]]:
    found = client.get("/api/products", params={"store_id": store_id}, headers=auth)
    return list(found.json()["items"])


def refused(response: Response, status: int, code: str) -> str:
    """The problem+json refusal's detail, once its status and code are checked."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == code
    return str(response.json()["detail"])


def test_an_oversized_json_body_is_refused_and_creates_nothing(any_client: TestClient) -> None:
    auth, store_id = a_store(any_client)
    product = {"store_id": store_id, "title": "Mug", "price": "12.00"}

    huge = any_client.post(
        "/api/products",
        content=json.dumps({**product, "description": "x" * (3 * body_limits.MB // 2)}),
        headers={**auth, "Content-Type": "application/json"},
    )
    normal = any_client.post("/api/products", json=product, headers=auth)

    detail = refused(huge, 413, "content_too_large")
    assert detail == "A request body may be at most 1 MB; this one is 1.5 MB."
    assert normal.status_code == 201, normal.text
    assert [p["title"] for p in products_of(any_client, auth, store_id)] == ["Mug"]


def test_a_huge_webhook_is_refused_before_its_signature_is_checked(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_test_secret")
    get_settings.cache_clear()
    huge = b'{"id": "evt_1", "pad": "' + b"x" * body_limits.WEBHOOK_BYTES + b'"}'
    small = b'{"id": "evt_1"}'
    shopify = f"/api/channels/{uuid.uuid4()}/webhooks/shopify/orders"
    forged = {"X-Shopify-Hmac-Sha256": "Zm9yZ2Vk", "Stripe-Signature": "t=1,v1=00"}

    try:
        answers = {
            (path, len(body)): client.post(path, content=body, headers=forged)
            for path in (shopify, "/api/webhooks/stripe")
            for body in (huge, small)
        }
    finally:
        get_settings.cache_clear()

    for path in (shopify, "/api/webhooks/stripe"):
        assert refused(answers[path, len(huge)], 413, "content_too_large") == (
            "A webhook may be at most 2 MB; this one is larger."
        )
    # a webhook of a normal size still reaches its signature check, and fails it
    assert answers[shopify, len(small)].status_code == 401
    assert answers["/api/webhooks/stripe", len(small)].status_code == 422


def test_a_csv_over_the_limit_is_refused_as_it_streams(client: TestClient) -> None:
    auth, store_id = a_store(client)
    header = b"title,price,sku\n"

    def rows() -> Iterator[bytes]:  # no Content-Length: the body is counted as it comes
        yield header
        sent = len(header)
        while sent <= product_csv.MAX_BYTES:
            chunk = b"".join(b"Mug %d,12.00,MUG-%d\n" % (i, i) for i in range(3000))
            sent += len(chunk)
            yield chunk

    csv = {**auth, "Content-Type": "text/csv"}
    where = {"store_id": store_id}
    huge = client.post("/api/products/import", params=where, content=rows(), headers=csv)
    report = client.post(
        f"/api/stores/{store_id}/channels/order-reports/shopify", content=rows(), headers=csv
    )
    normal = client.post(
        "/api/products/import", params=where, content=header + b"Mug,12.00,MUG-1\n", headers=csv
    )

    assert refused(huge, 413, "content_too_large") == (
        "A product CSV file may be at most 10 MB; this one is larger."
    )
    assert refused(report, 413, "content_too_large") == (
        "An order report may be at most 10 MB; this one is larger."
    )
    assert normal.status_code == 200, normal.text
    assert [p["sku"] for p in products_of(client, auth, store_id)] == ["MUG-1"]


def test_an_image_over_the_limit_is_refused_and_a_normal_one_is_added(client: TestClient) -> None:
    auth, store_id = a_store(client)
    product = client.post(
        "/api/products", json={"store_id": store_id, "title": "Mug"}, headers=auth
    )
    images = f"/api/products/{product.json()['id']}/images"
    too_big = PNG + b"\0" * (product_images.MAX_BYTES + body_limits.MULTIPART_BYTES)

    huge = client.post(images, files={"file": ("big.png", too_big, "image/png")}, headers=auth)
    normal = client.post(images, files={"file": ("mug.png", PNG, "image/png")}, headers=auth)

    assert refused(huge, 413, "content_too_large") == (
        "A product image may be at most 5 MB; this one is 5.1 MB."
    )
    assert normal.status_code == 201, normal.text
    assert len(normal.json()["images"]) == 1


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),  # no boundary
        ("multipart/form-data; boundary=x", b"\x00\xff not a form"),
        ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="fi'),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Type: image/png\r\n\r\n\x89P\r\n--x--",
        ),
    ],
    ids=["no boundary", "not a form", "truncated", "no field name"],
)
def test_a_malformed_upload_is_a_4xx_and_changes_nothing(
    client: TestClient, content_type: str, body: bytes
) -> None:
    auth, store_id = a_store(client)
    product = client.post(
        "/api/products", json={"store_id": store_id, "title": "Mug"}, headers=auth
    )
    at = f"/api/products/{product.json()['id']}"
    sent = {**auth, "Content-Type": content_type}

    image = client.post(f"{at}/images", content=body, headers=sent)
    file = client.put(f"{at}/file", content=body, headers=sent)

    for answer in (image, file):
        assert answer.status_code in (400, 422), answer.text
        assert answer.headers["content-type"] == PROBLEM
    after = client.get(at, headers=auth).json()
    assert after["images"] == [] and after["digital_file"] is None


def test_a_webhook_burst_to_one_connection_meets_429s_and_others_are_unaffected(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    shipped_limits(webhook="5/minute")
    busy, quiet = (f"/api/channels/{uuid.uuid4()}/webhooks/shopify/orders" for _ in range(2))
    forged = {"X-Shopify-Hmac-Sha256": "Zm9yZ2Vk"}

    burst = [client.post(busy, content=b"{}", headers=forged) for _ in range(8)]
    elsewhere = client.post(quiet, content=b"{}", headers=forged)

    assert Counter(a.status_code for a in burst) == Counter({401: 5, 429: 3})
    refused(burst[-1], 429, "too_many_requests")
    assert 0 < int(burst[-1].headers["Retry-After"]) <= 60
    assert elsewhere.status_code == 401  # reached its signature check


# The ASGI app driven directly, with a client that behaves as no test client can.


def request(method: str, path: str, length: int | None = None) -> dict[str, Any]:
    headers = [(b"content-type", b"application/json")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def answer_to(scope: dict[str, Any], receive: Any) -> tuple[int, dict[str, Any]]:
    """Run one request through the API; its status and problem body. The outer wait
    only keeps a broken deadline from hanging the run."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        await asyncio.wait_for(build_api()(scope, receive, send), timeout=60)

    own_loop.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body)


def test_a_trickled_body_meets_408_at_its_deadline(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(body_limits, "BODY_SECONDS_FLOOR", 0.5)
    monkeypatch.setattr(body_limits, "SLOWEST_BYTES_PER_SECOND", 10**12)
    first = True

    async def trickle() -> Message:  # one byte, and then nothing ever again
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.Event().wait()
        raise AssertionError("never reached")

    status, problem = answer_to(request("POST", "/api/products", length=1000), trickle)

    assert status == 408
    assert problem["code"] == "request_timeout"
    assert "did not arrive within" in problem["detail"]


def test_a_streamed_body_is_read_to_at_most_the_limit_and_one_chunk(client: TestClient) -> None:
    given = 0

    async def endless() -> Message:  # four times the limit, if nothing stops it sooner
        nonlocal given
        given += CHUNK
        more = given < 4 * body_limits.JSON_BYTES
        return {"type": "http.request", "body": b" " * CHUNK, "more_body": more}

    status, problem = answer_to(request("POST", "/api/products"), endless)

    assert status == 413 and problem["code"] == "content_too_large"
    assert given <= body_limits.JSON_BYTES + CHUNK


def test_a_declared_length_over_the_limit_is_refused_unread(client: TestClient) -> None:
    reads = 0

    async def never_read() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"", "more_body": False}

    too_long = product_files.MAX_BYTES + body_limits.MULTIPART_BYTES + 1
    scope = request("PUT", f"/api/products/{uuid.uuid4()}/file", length=too_long)
    status, problem = answer_to(scope, never_read)

    assert status == 413
    assert problem["detail"] == "A product file may be at most 100 MB; this one is 100.1 MB."
    assert reads == 0
