"""Stripe's payment page is asked for exactly the total the buyer was quoted."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.payments.test_hosted_checkout import hosted_cart
from tests.integration.sales.test_orders import shop
from tests.integration.sales.test_quotes import line, quote
from tests.standins.stripe_server import StripeStandIn


def test_stripes_page_is_asked_for_the_quoted_total(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    _, _, slug, product_id = shop(client, price="24.00")
    shown = quote(client, slug, lines=line(product_id, 2)).json()

    placed = client.post(
        f"/api/storefront/{slug}/checkout",
        json=hosted_cart(product_id, 2, shown_total=shown["total"]),
    )

    assert placed.status_code == 201, placed.text
    page = stripe_api.sessions[placed.json()["payment_url"].rsplit("/", 1)[1]]
    assert (page["amount_total"], page["currency"]) == (5299, "usd")
    assert shown["total"] == "52.99"
