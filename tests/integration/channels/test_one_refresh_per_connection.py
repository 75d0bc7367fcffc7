"""Every client of a connection (one per request, webhook delivery or push job) shares the
connection's access token, and one asks the channel for it at a time, whether or not the
channel rotates its refresh token: ten clients at once make one token grant on Amazon
(Login with Amazon), eBay (the user token, and the application token beside it), Walmart
(client credentials) and TikTok Shop, on PostgreSQL and on the embedded SQLite default.
Etsy's rotating refresh token has its own tests (``test_channel_token_races``)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.channels import connections
from bizq_app.channels.models import ChannelConnection
from bizq_app.core.db import session_scope
from bizq_app.integrations.channels import tokens
from tests.integration.channels.test_amazon_channel import FIELDS as AMAZON
from tests.integration.channels.test_ebay_channel import FIELDS as EBAY
from tests.integration.channels.test_tiktok_channel import FIELDS as TIKTOK
from tests.integration.channels.test_walmart_channel import FIELDS as WALMART
from tests.integration.conftest import at_once, codes, signup
from tests.standins.ebay_server import EbayStandIn

CHANNELS = {  # the stand-in's fixture, the form's fields, where the channel gives tokens
    "amazon": ("amazon", AMAZON, "/auth/o2/token"),
    "ebay": ("ebay", EBAY, "/identity/v1/oauth2/token"),
    "walmart": ("walmart", WALMART, "/v3/token"),
    "tiktok_shop": ("tiktok", TIKTOK, "/api/v2/token/refresh"),
}


def connected(client: TestClient, fields: dict[str, str]) -> tuple[dict[str, str], str]:
    """An owner's store connected to the channel ``fields`` name: the owner's auth and the
    connection."""
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    made = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)
    assert made.status_code == 201, made.text
    return auth, str(made.json()["id"])


def grants(stand_in: Any, path: str) -> int:
    return sum(r["path"] == path for r in list(stand_in.requests))


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_ten_clients_of_one_connection_make_one_token_grant(
    any_client: TestClient, request: pytest.FixtureRequest, channel: str
) -> None:
    # given a connection whose clients have no access token yet
    fixture, fields, token_path = CHANNELS[channel]
    stand_in = request.getfixturevalue(fixture)
    auth, connection = connected(any_client, fields)
    before = grants(stand_in, token_path)

    # when ten requests test it at once, each with a client of its own
    tested = at_once(
        10, lambda _: any_client.post(f"/api/channels/{connection}/test", headers=auth)
    )

    # then the channel was asked for one access token, and every one of them got in
    assert codes(tested) == {200: 10}, [r.text for r in tested if r.status_code != 200]
    assert grants(stand_in, token_path) - before == 1
    # and once the shared token is dropped (credentials replaced), one more grant
    tokens.forget(connection)
    again = any_client.post(f"/api/channels/{connection}/test", headers=auth)
    assert again.status_code == 200, again.text
    assert grants(stand_in, token_path) - before == 2


def test_ten_ebay_clients_share_the_application_token_too(
    client: TestClient, ebay: EbayStandIn
) -> None:
    # given an eBay connection, and ten clients of it (a delivery's, a job's…)
    _, connection = connected(client, EBAY)
    with session_scope() as session:
        row = session.get(ChannelConnection, uuid.UUID(connection))
        assert row is not None
        credentials = connections.credentials_of(row)
    before = ebay.grants.copy()

    # when each subscribes the connection to eBay's order notifications at once (the
    # Notification API's calls take the application token, the subscription the user's)
    def subscribe(n: int) -> bool:
        client_n = credentials.client()
        try:
            return client_n.subscribe_orders(f"https://wick.example.com/hooks/{n}")
        finally:
            client_n.close()

    subscribed = at_once(10, subscribe)

    # then eBay gave one application token and one user token
    assert subscribed == [True] * 10
    assert ebay.grants - before == {"client_credentials": 1, "refresh_token": 1}
