"""The Printful adapter, over real HTTP, against a local stand-in for Printful's REST API."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from pydantic import SecretStr

from bizq_app.core.errors import (
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
    ValidationFailed,
)
from bizq_app.core.settings import Settings
from bizq_app.integrations.suppliers import (
    Recipient,
    SupplierCatalogSource,
    SupplierOrder,
    SupplierOrderItem,
)
from bizq_app.integrations.suppliers.printful import PrintfulClient
from bizq_app.integrations.suppliers.registry import catalog_sources, printful_client
from tests.standins.printful_server import TOKEN, PrintfulStandIn
from tests.unit.integrations.conftest import make_printful

RECIPIENT = Recipient(
    name="Ada Lovelace",
    address1="19749 Dearborn St",
    city="Chatsworth",
    state_code="CA",
    country_code="US",
    zip="91311",
    email="ada@example.com",
)


def shirt_order(**overrides: Any) -> SupplierOrder:
    items = (
        SupplierOrderItem("4012", 2, Decimal("24.99"), ("https://cdn.example.com/front.png",)),
        SupplierOrderItem("1320", 1, Decimal("14.5"), ("https://cdn.example.com/mug.png",)),
    )
    return SupplierOrder(**{"recipient": RECIPIENT, "items": items, **overrides})


def test_the_catalog_lists_every_product_with_a_bearer_token(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    products = printful.products()

    assert {p.title for p in products} >= {"White Glossy Mug", "Eco Tote Bag | Econscious EC8000"}
    shirt = next(p for p in products if p.id == "71")
    assert (shirt.kind, shirt.brand, shirt.variant_count) == ("T-Shirt", "Bella + Canvas", 6)
    sent = printful_stand_in.requests[0]
    assert (sent["method"], sent["path"]) == ("GET", "/products")
    assert sent["headers"]["authorization"] == f"Bearer {TOKEN}"


def test_search_keeps_products_matching_every_word(printful: PrintfulClient) -> None:
    assert [p.id for p in printful.products("mug")] == ["19"]
    assert [p.id for p in printful.products("Unisex  BELLA")] == ["71"]
    assert [p.id for p in printful.products("tote bag")] == ["367"]
    assert printful.products("unisex mug") == []


def test_variants_carry_sizes_colours_stock_and_decimal_prices(printful: PrintfulClient) -> None:
    variants = printful.variants("71")

    assert len(variants) == 6
    medium_white = next(v for v in variants if v.id == "4012")
    assert (medium_white.size, medium_white.color) == ("M", "White")
    assert medium_white.price == Decimal("9.25") and isinstance(medium_white.price, Decimal)
    assert (medium_white.product_id, medium_white.currency) == ("71", "USD")
    assert all(v.in_stock for v in variants if v.id != "4018")
    assert next(v for v in variants if v.id == "4018").in_stock is False


def test_an_unknown_product_is_not_found(printful: PrintfulClient) -> None:
    with pytest.raises(NotFound, match="Product not found"):
        printful.variants("999999")


def test_a_non_numeric_product_id_is_refused_before_calling(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    with pytest.raises(ValidationFailed):
        printful.variants("../orders")
    assert printful_stand_in.requests == []


def test_placing_an_order_sends_recipient_items_and_files(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    result = printful.place_order(shirt_order(external_id="bizq-1001"))

    sent = printful_stand_in.requests[0]
    assert (sent["method"], sent["path"]) == ("POST", "/orders")
    assert sent["body"] == {
        "external_id": "bizq-1001",
        "recipient": {
            "name": "Ada Lovelace",
            "address1": "19749 Dearborn St",
            "city": "Chatsworth",
            "state_code": "CA",
            "country_code": "US",
            "zip": "91311",
            "email": "ada@example.com",
        },
        "items": [
            {
                "variant_id": 4012,
                "quantity": 2,
                "retail_price": "24.99",
                "files": [{"url": "https://cdn.example.com/front.png"}],
            },
            {
                "variant_id": 1320,
                "quantity": 1,
                "retail_price": "14.50",
                "files": [{"url": "https://cdn.example.com/mug.png"}],
            },
        ],
    }
    assert result.status == "draft"
    assert result.cost == Decimal("9.25") * 2 + Decimal("5.95") + Decimal("4.75")
    assert result.currency == "USD"
    assert printful.order(result.reference) == result
    assert printful.order("@bizq-1001") == result


def test_confirming_an_order_submits_it_for_fulfilment(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    result = printful.place_order(shirt_order(confirm=True))

    assert printful_stand_in.requests[0]["path"] == "/orders?confirm=true"
    assert result.status == "pending"


def test_printfuls_own_message_is_quoted_when_it_refuses_an_order(printful: PrintfulClient) -> None:
    bad = shirt_order(items=(SupplierOrderItem("4999", 1),))

    with pytest.raises(IntegrationError, match=r"\(400\): Item 0: Product variant 4999") as caught:
        printful.place_order(bad)
    assert type(caught.value) is IntegrationError


def test_a_wrong_token_is_a_clear_error(printful_stand_in: PrintfulStandIn) -> None:
    with make_printful(printful_stand_in, token="expired") as printful:
        with pytest.raises(IntegrationError, match="Printful rejected the token") as caught:
            printful.products()

    assert type(caught.value) is IntegrationError
    assert "PRINTFUL_API_TOKEN" in caught.value.message
    assert len(printful_stand_in.requests) == 1


def test_a_429_is_retried_after_retry_after(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("429", "429")

    assert [p.id for p in printful.products("mug")] == ["19"]
    assert len(printful_stand_in.requests) == 3


def test_an_order_is_retried_on_429_but_never_on_500(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("429")
    assert printful.place_order(shirt_order()).status == "draft"

    printful_stand_in.then("500", "ok")
    with pytest.raises(Unavailable):
        printful.place_order(shirt_order())
    assert len(printful_stand_in.orders) == 1
    assert len(printful_stand_in.requests) == 3


def test_persistent_rate_limiting_becomes_rate_limited(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("429", "429", "429")

    with pytest.raises(RateLimited):
        printful.products()
    assert len(printful_stand_in.requests) == 3


def test_a_passing_500_is_retried(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("500")

    assert len(printful.variants("19")) == 2
    assert len(printful_stand_in.requests) == 2


def test_persistent_500s_become_unavailable(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("500", "500", "500")

    with pytest.raises(Unavailable, match=r"\(500\)"):
        printful.variants("71")
    assert len(printful_stand_in.requests) == 3


def test_a_hanging_printful_becomes_unavailable_within_the_timeout(
    printful_stand_in: PrintfulStandIn,
) -> None:
    printful_stand_in.then("hang")
    started = time.monotonic()

    with make_printful(printful_stand_in, timeout=0.5) as printful:
        with pytest.raises(Unavailable, match="did not answer within 0.5 s"):
            printful.products()

    assert time.monotonic() - started < 2.0


def test_nothing_listening_becomes_unavailable() -> None:
    with PrintfulClient(TOKEN, base_url="http://127.0.0.1:9", timeout=1.0) as printful:
        with pytest.raises(Unavailable, match="Could not reach Printful"):
            printful.products()


def test_the_registry_builds_a_client_only_with_a_token(printful_stand_in: PrintfulStandIn) -> None:
    configured = Settings(
        printful_api_token=SecretStr(TOKEN), printful_base_url=printful_stand_in.url
    )

    assert printful_client(Settings(printful_api_token=None)) is None
    assert catalog_sources(Settings(printful_api_token=None)) == {}
    printful = printful_client(configured)
    assert printful is not None
    assert [p.id for p in printful.products("poster")] == ["1"]
    source: SupplierCatalogSource = catalog_sources(configured)["printful"]
    assert source.name == "printful"


def test_settings_read_the_token_and_base_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRINTFUL_API_TOKEN", "from-env")
    monkeypatch.setenv("BIZQ_PRINTFUL_BASE_URL", "http://127.0.0.1:8089")

    settings = Settings()

    assert settings.printful_api_token is not None
    assert settings.printful_api_token.get_secret_value() == "from-env"
    assert settings.printful_base_url == "http://127.0.0.1:8089"


def test_with_a_token_the_supplier_search_ranks_printfuls_live_catalog_too(
    printful_stand_in: PrintfulStandIn,
) -> None:
    from bizq_app.sourcing import sourcing
    from bizq_app.sourcing.live_suppliers import live_suppliers

    settings = Settings(
        printful_api_token=SecretStr(TOKEN), printful_base_url=printful_stand_in.url
    )
    live = live_suppliers("t-shirt", settings)
    ranked = sourcing.search(query="unisex t-shirt", max_moq=1, live=live, limit=20)
    broken = live_suppliers(
        "t-shirt",
        Settings(printful_api_token=SecretStr("wrong"), printful_base_url=printful_stand_in.url),
    )

    printful = [r for r in ranked if r.supplier.name == "Printful (live catalog)"]
    assert printful and "T-Shirt" in printful[0].offer.product
    assert printful[0].tier.unit_cost == min(  # the cheapest variant in stock
        v.price
        for v in PrintfulClient(TOKEN, base_url=printful_stand_in.url).variants(
            live_product_id(printful_stand_in)
        )
        if v.in_stock
    )
    assert any(r.supplier.name != "Printful (live catalog)" for r in ranked)  # bundled too
    assert broken == []  # an unreachable or refusing supplier never breaks the search


def live_product_id(stand_in: PrintfulStandIn) -> str:
    with PrintfulClient(TOKEN, base_url=stand_in.url) as printful:
        return printful.products("t-shirt")[0].id
