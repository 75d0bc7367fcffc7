"""The dashboard's channel-health block: each connected shop with its live listings, its
problems and the orders waiting for the seller; a hint before any channel is connected."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from bizq_app.accounts import lookups as account_lookups
from bizq_app.core.db import session_scope
from bizq_app.dashboards import dashboard_blocks
from bizq_app.dashboards.template_validation import validate_template
from tests.integration.channels.test_shopify_orders import selling_on_shopify, webhook
from tests.integration.conftest import signup
from tests.standins.shopify_server import ShopifyStandIn

DATA = Path(dashboard_blocks.__file__).parents[1] / "data"
BLOCK = {"id": "channels", "component": "channel_health", "props": {"title": "Channels"}}


def health_block(auth: dict[str, str], client: TestClient, store_id: str) -> dict[str, object]:
    user_id = client.get("/api/auth/me", headers=auth).json()["id"]
    with session_scope() as session:
        store = account_lookups.find_store(session, uuid.UUID(store_id))
        assert store is not None
        document = {"blocks": [BLOCK]}
        return dashboard_blocks.build(
            session=session, user_id=uuid.UUID(user_id), store=store, document=document
        )[0]


def test_the_block_shows_each_shop_and_what_needs_the_seller(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _, connection = selling_on_shopify(client)
    healthy = health_block(auth, client, store_id)
    webhook(client, connection, shopify.place_order([("NOT-IN-BIZQ", 1)]))

    troubled = health_block(auth, client, store_id)

    assert healthy["value"] == "All healthy"
    assert [r["primary"] for r in healthy["rows"]] == ["Stand-in Candles (Shopify)"]
    assert healthy["rows"][0]["secondary"].startswith("connected · 1 live · last sync ")
    assert troubled["value"] == "1 needs a look"
    assert "1 order waiting" in troubled["rows"][0]["secondary"]
    assert troubled["rows"][0]["href"] == "/settings/channels"


def test_before_any_channel_the_block_says_how_to_connect_one(client: TestClient) -> None:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "No Channels"}, headers=auth).json()["id"]

    block = health_block(auth, client, store_id)

    assert block["rows"] == [] and block["value"] == ""
    assert block["hint"] == "No sales channel yet: connect Shopify in Settings."
    growth = json.loads((DATA / "templates" / "growth.json").read_text())
    growth["blocks"].append(BLOCK)
    for name, layout in growth["layouts"].items():
        layout.append({"i": "channels", "x": 0, "y": 99, "w": 4 if name == "mobile" else 6, "h": 3})
    assert "channel_health" in {b["component"] for b in validate_template(growth)["blocks"]}
