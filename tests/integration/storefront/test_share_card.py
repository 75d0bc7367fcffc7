"""A product's shareable address: chat apps and social sites read its Open Graph card
(title with the shop's name, description, picture, price); browsers go on to the page."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.integration.sales.test_orders import shop


def test_a_shared_product_link_shows_its_card_and_leads_to_its_page(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    changed = client.put(
        f"/api/products/{product_id}",
        headers=auth,
        json={"description": 'Hand-poured <b>soy</b> wax & "cotton" wick. ' * 10},
    )
    assert changed.status_code == 200, changed.text

    card = client.get(f"/api/storefront/{slug}/products/{product_id}/share")

    assert card.status_code == 200 and card.headers["content-type"].startswith("text/html")
    page = f"/s/{slug}/p/{product_id}"
    assert '<meta property="og:title" content="Soy candle · Shop' in card.text
    assert '<meta property="og:url" content="http://127.0.0.1:' in card.text
    assert f'{page}">' in card.text and "url=http://127.0.0.1:" in card.text
    assert "Hand-poured &lt;b&gt;soy&lt;/b&gt; wax &amp; &#34;cotton&#34; wick." in card.text
    assert "<b>" not in card.text  # the seller's text is escaped, never markup
    assert '<meta property="product:price:amount" content="24.00">' in card.text
    assert "…" in card.text  # a long description is cut for the card


def test_no_card_for_a_product_of_another_shop_or_none(client: TestClient) -> None:
    _, _, slug, _ = shop(client)
    _, _, _, other_product = shop(client)

    foreign = client.get(f"/api/storefront/{slug}/products/{other_product}/share")
    missing = client.get(f"/api/storefront/{slug}/products/{uuid.uuid4()}/share")

    assert foreign.status_code == 404 and missing.status_code == 404
