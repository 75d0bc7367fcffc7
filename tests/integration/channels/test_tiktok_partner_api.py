"""The TikTok Shop stand-in refuses what the Partner API refuses — a wrong signature, no
access token, no shop cipher on a shop's call, a path outside the dated 202309 version or
with another method, a search page of more than 100 — with TikTok's code and message; and
BizQ's own calls, as it connects, publishes and imports, are all accepted."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bizq_app.integrations.channels.tiktok import sign
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.channels.test_tiktok_channel import FIELDS
from tests.standins.tiktok_server import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    CIPHER,
    PAGED,
    TikTokStandIn,
)

SEARCH = "/order/202309/orders/search"


def call(
    tiktok: TikTokStandIn,
    method: str,
    path: str,
    params: dict[str, str],
    body: dict[str, Any] | None = None,
    *,
    token: str | None = ACCESS_TOKEN,
    signed_with: str = APP_SECRET,
    cipher: str | None = CIPHER,
) -> tuple[int, dict[str, Any]]:
    """One call to the stand-in as a Partner API client makes it; each part may be wrong."""
    query = {**params, "app_key": APP_KEY, "timestamp": str(int(time.time()))}
    if cipher is not None:
        query["shop_cipher"] = cipher
    text = json.dumps(body, separators=(",", ":")) if body is not None else ""
    query["sign"] = sign(signed_with, path, query, text)
    headers = {"content-type": "application/json"} | (
        {"x-tts-access-token": token} if token else {}
    )
    answer = httpx.request(
        method, f"{tiktok.url}{path}", params=query, content=text or None, headers=headers
    )
    return answer.status_code, dict(answer.json())


ORDERS = {"update_time_ge": 0}


@pytest.mark.parametrize(
    ("how", "status", "code", "message"),
    [
        ({"signed_with": "another-secret"}, 200, 106001, "Invalid signature"),
        ({"token": None}, 401, 105002, "Expired credentials"),
        ({"cipher": None}, 200, 106011, "Invalid shop_cipher"),
        ({"path": "/order/orders/search"}, 200, 36009003, "Path not found"),
        ({"path": "/order/202212/orders/search"}, 200, 36009003, "Path not found"),
        ({"method": "GET"}, 200, 36009003, "Path not found"),
        ({"params": {}}, 200, 36009001, "Invalid parameter: page_size must be 1-100"),
        ({"params": {"page_size": "0"}}, 200, 36009001, "page_size must be 1-100"),
        ({"params": {"page_size": "101"}}, 200, 36009001, "page_size must be 1-100"),
        ({"params": {"page_size": "ten"}}, 200, 36009001, "page_size must be 1-100"),
    ],
    ids=[
        "sign",
        "token",
        "cipher",
        "undated",
        "other-version",
        "method",
        "no-page-size",
        "page-size-0",
        "page-size-101",
        "page-size-text",
    ],
)
def test_the_stand_in_refuses_what_the_partner_api_refuses_in_its_shape(
    tiktok: TikTokStandIn, how: dict[str, Any], status: int, code: int, message: str
) -> None:
    method, path = how.pop("method", "POST"), how.pop("path", SEARCH)
    params = how.pop("params", {"page_size": "100"})

    refused = call(tiktok, method, path, params, ORDERS, **how)
    accepted = call(tiktok, "POST", SEARCH, {"page_size": "100"}, ORDERS)

    assert refused[0] == status
    assert refused[1]["code"] == code and message in refused[1]["message"]
    assert set(refused[1]) >= {"code", "message", "request_id"}
    assert accepted == (200, accepted[1]) and accepted[1]["code"] == 0


def test_every_call_bizq_makes_is_one_the_partner_api_takes(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    tiktok.product("Fig candle, hand-poured", {"FIG-1": 0})
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    connection = connected.json()["id"]
    published = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    for _ in range(3):  # two pages of orders
        tiktok.place_order([("FIG-1", 1)])

    imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    linked = client.post(f"/api/channels/{connection}/listings/import", headers=auth)

    assert connected.status_code == 201, connected.text
    assert published.status_code == 201, published.text
    assert imported.status_code == 200 and imported.json()["imported"] == 3
    assert linked.status_code == 200, linked.text
    calls = [r for r in tiktok.requests if r["path"] != "/api/v2/token/refresh"]
    assert {r["path"] for r in calls} >= set(PAGED)
    assert all("/202309/" in r["path"] for r in calls)
    sizes = [int(r["query"]["page_size"]) for r in calls if r["path"] in PAGED]
    assert sizes and all(1 <= size <= 100 for size in sizes)
