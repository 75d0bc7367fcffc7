"""A cart's quote (``POST /api/storefront/{slug}/quote``): its lines with their totals,
every shipping choice with its price — free from the shop's free-shipping total —, and
the total that checkout then charges, to the cent (or the yen); a bad cart is a 422 at
its path, and a delivery address's region is checked against its country."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.sales.test_currency import yen_shop
from tests.integration.sales.test_orders import ADDRESS, cart, shop, stock


def quote(client: TestClient, slug: str, **body: Any) -> Any:
    return client.post(f"/api/storefront/{slug}/quote", json=body)


def line(product_id: str, quantity: int = 1) -> list[dict[str, Any]]:
    return [{"product_id": product_id, "quantity": quantity}]


def test_a_quote_prices_each_line_and_every_shipping_choice(client: TestClient) -> None:
    _, _, slug, product_id = shop(client, price="24.00")

    standard = quote(client, slug, lines=line(product_id, 2), country="US")
    express = quote(client, slug, lines=line(product_id, 2), shipping_method="express")

    assert standard.status_code == 200, standard.text
    body = standard.json()
    assert body["currency"] == "USD"
    assert [
        (ln["title"], ln["quantity"], ln["unit_price"], ln["line_total"]) for ln in body["lines"]
    ] == [("Soy candle", 2, "24.00", "48.00")]
    assert {c["method"]: c["price"] for c in body["shipping_choices"]} == {
        "standard": "4.99",
        "express": "12.99",
    }
    assert (body["subtotal"], body["shipping"], body["total"]) == ("48.00", "4.99", "52.99")
    assert body["taxes"] == []  # no tax is charged, so none is made up
    assert (express.json()["shipping"], express.json()["total"]) == ("12.99", "60.99")


def test_shipping_is_free_from_the_shops_free_shipping_total(client: TestClient) -> None:
    _, _, slug, product_id = shop(client, price="25.00")

    below = quote(client, slug, lines=line(product_id, 2)).json()  # 50.00
    at = quote(client, slug, lines=line(product_id, 3), shipping_method="express").json()  # 75

    assert (below["shipping"], below["total"], below["free_shipping_from"]) == (
        "4.99",
        "54.99",
        "75",
    )
    assert {c["method"]: c["price"] for c in at["shipping_choices"]} == {
        "standard": "0",
        "express": "0",
    }
    assert (at["shipping"], at["total"]) == ("0", "75.00")


def test_a_yen_shop_quotes_in_whole_yen(client: TestClient) -> None:
    auth, store_id, slug, _ = yen_shop(client)
    tenugui = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Tenugui",
            "price": "1200",
            "inventory_quantity": 20,
            "status": "active",
        },
    ).json()["id"]

    two = quote(client, slug, lines=line(tenugui, 2)).json()
    nine = quote(client, slug, lines=line(tenugui, 9)).json()  # ¥10,800: ships free

    assert two["currency"] == "JPY"
    assert (two["lines"][0]["unit_price"], two["lines"][0]["line_total"]) == ("1200", "2400")
    assert (two["subtotal"], two["shipping"], two["total"]) == ("2400", "700", "3100")
    assert (nine["shipping"], nine["total"]) == ("0", "10800")


def test_a_bad_cart_is_refused_with_where_it_is_wrong(client: TestClient) -> None:
    _, _, slug, product_id = shop(client)
    other_shop = shop(client)[3]

    empty = quote(client, slug, lines=[])
    none_of_it = quote(client, slug, lines=line(product_id, 0))
    unknown_field = quote(client, slug, lines=line(product_id), coupon="FREE")
    by_drone = quote(client, slug, lines=line(product_id), shipping_method="drone")
    nowhere = quote(client, slug, lines=line(product_id), country="ZZ")
    elsewhere = quote(client, slug, lines=line(other_shop))
    no_shop = quote(client, "no-such-shop", lines=line(product_id))

    assert {r.status_code for r in (empty, none_of_it, unknown_field)} == {422}
    assert by_drone.status_code == nowhere.status_code == elsewhere.status_code == 422
    assert by_drone.json()["errors"] == [
        {"path": "$.shipping_method", "message": "must be one of: standard, express"}
    ]
    assert [e["path"] for e in nowhere.json()["errors"]] == ["$.country"]
    assert elsewhere.json()["errors"] == [
        {"path": "$.lines[0].product_id", "message": "is not for sale here"}
    ]
    assert no_shop.status_code == 404


def test_checkout_charges_the_quoted_total(client: TestClient) -> None:
    auth, _, slug, product_id = shop(client, price="24.00")
    shown = quote(client, slug, lines=line(product_id, 2), shipping_method="express").json()

    placed = client.post(
        f"/api/storefront/{slug}/checkout",
        json=cart(product_id, 2, shipping_method="express", shown_total=shown["total"]),
    )

    assert placed.status_code == 201, placed.text
    assert placed.json()["total"] == shown["total"] == "60.99"
    assert placed.json()["status"] == "paid"


def test_a_total_that_changed_since_the_buyer_saw_it_is_not_charged(client: TestClient) -> None:
    auth, _, slug, product_id = shop(client, stock=5, price="24.00")
    shown = quote(client, slug, lines=line(product_id, 2)).json()["total"]  # 52.99
    edited = client.put(f"/api/products/{product_id}", headers=auth, json={"price": "30.00"})

    placed = client.post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 2, shown_total=shown)
    )

    assert edited.is_success
    assert placed.status_code == 409
    assert placed.json()["errors"] == [
        {
            "path": "$.shown_total",
            "message": "The total is now $64.99; check your order and pay again.",
        }
    ]
    assert stock(client, auth, product_id) == 5  # nothing was set aside


def test_the_region_is_checked_against_the_country(client: TestClient) -> None:
    _, _, slug, product_id = shop(client, stock=10)

    def pay(address: dict[str, str]) -> Any:
        return client.post(
            f"/api/storefront/{slug}/checkout", json=cart(product_id, 1, address=address)
        )

    oregon = pay({**ADDRESS, "region": "US-OR"})
    short_code = pay({**ADDRESS, "region": "or"})
    british_columbia = pay({**ADDRESS, "region": "CA-BC"})
    left_empty = pay({**ADDRESS, "region": ""})
    no_regions = pay({**ADDRESS, "country": "AQ", "region": ""})  # Antarctica has none
    made_up_country = pay({**ADDRESS, "country": "ZZ"})

    assert oregon.status_code == short_code.status_code == no_regions.status_code == 201
    assert british_columbia.status_code == left_empty.status_code == 422
    assert british_columbia.json()["errors"] == [
        {"path": "$.address.region", "message": "is not a region of US"}
    ]
    assert [e["path"] for e in left_empty.json()["errors"]] == ["$.address.region"]
    assert made_up_country.json()["errors"] == [
        {"path": "$.address.country", "message": "must be a two-letter country code"}
    ]
