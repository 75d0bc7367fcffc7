"""Every client of a connection (one per request, webhook delivery or push job) shares its
access token, and one refreshes it at a time: against an Etsy that retires each refresh
token once used, ten clients at once make one refresh grant and all succeed, on
PostgreSQL and on the embedded SQLite default; a client built before the seller connects
again keeps working after, and the new connection's secrets are kept."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from bizq_app.channels import connections
from bizq_app.channels.models import ChannelConnection
from bizq_app.core.db import session_scope
from bizq_app.integrations.channels import tokens
from tests.integration.channels.test_etsy_channel import FIELDS
from tests.integration.conftest import at_once, codes, signup
from tests.standins.etsy_server import WEBHOOK_SECRET, EtsyStandIn

TOKEN_PATH = "/v3/public/oauth/token"


def connected(client: TestClient, etsy: EtsyStandIn) -> tuple[dict[str, str], str, str]:
    """An owner's store connected to an Etsy shop that rotates refresh tokens."""
    etsy.rotates = True
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    made = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    assert made.status_code == 201, made.text
    return auth, store_id, made.json()["id"]


def grants(etsy: EtsyStandIn) -> int:
    return sum(r["path"] == TOKEN_PATH for r in etsy.requests)


def test_ten_clients_of_one_connection_make_one_refresh_grant(
    any_client: TestClient, etsy: EtsyStandIn
) -> None:
    # given a connection whose clients have no access token yet
    auth, _, connection = connected(any_client, etsy)
    before = grants(etsy)

    # when ten requests test it at once, each with a client of its own
    tested = at_once(
        10, lambda _: any_client.post(f"/api/channels/{connection}/test", headers=auth)
    )

    # then Etsy was asked for one access token, and every one of them got in
    assert codes(tested) == {200: 10}, [r.text for r in tested if r.status_code != 200]
    assert grants(etsy) - before == 1
    # and the refresh token Etsy handed over was saved: the next grant is accepted too
    tokens.forget(connection)
    again = any_client.post(f"/api/channels/{connection}/test", headers=auth)
    assert again.status_code == 200, again.text
    assert grants(etsy) - before == 2


def test_a_client_from_before_a_reconnect_keeps_the_new_secrets(
    any_client: TestClient, etsy: EtsyStandIn
) -> None:
    # given a client of the connection built (a push job starting) before the seller
    # authorises the app again and connects with the new refresh token and the webhook
    # portal's signing secret
    auth, store_id, connection = connected(any_client, etsy)
    with session_scope() as session:
        row = session.get(ChannelConnection, uuid.UUID(connection))
        assert row is not None
        early = connections.credentials_of(row).client()
    etsy.refresh_token = "12345678.SellerAuthorisedTheAppAgainToday0123"  # Etsy's new grant
    again = any_client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"refresh_token": etsy.refresh_token, "webhook_secret": WEBHOOK_SECRET},
    )

    # when the early client calls Etsy after the re-connect rotated the refresh token
    try:
        account = early.account()
    finally:
        early.close()

    # then it signs in with the token saved now, and the re-connect's secret stays
    assert again.status_code == 201 and again.json()["id"] == connection, again.text
    assert account.name == "Etsy shop WickAndCo"
    body, headers = etsy.webhook(etsy.place_order([]))
    delivered = any_client.post(
        f"/api/channels/{connection}/webhooks/etsy/orders", content=body, headers=headers
    )
    assert delivered.status_code == 200, delivered.text
    tested = any_client.post(f"/api/channels/{connection}/test", headers=auth)
    assert tested.status_code == 200, tested.text
