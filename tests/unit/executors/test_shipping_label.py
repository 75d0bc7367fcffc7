"""operations.create_shipping_label: a carrier service for the parcel, and its slip."""

from __future__ import annotations

from bizq_app.executors import shipping
from tests.executor_runs import run_rules

TYPE = "operations.create_shipping_label"
ITEMS = [{"title": "Soy candle", "sku": "SOY-1", "quantity": 2}, {"title": "Wick", "quantity": 1}]


def label(**given: object) -> dict[str, object]:
    data = {"order_number": 1042, "destination_country": "US", "items": ITEMS, **given}
    return dict(run_rules(shipping.create_shipping_label, TYPE, data))


def test_a_domestic_parcel_gets_the_cheapest_domestic_service_and_a_packing_slip() -> None:
    out = label()

    assert out["weight_kg"] == 1.5  # three items at 0.5 kg
    assert (out["carrier"], out["service"], out["label_status"]) == (
        "USPS",
        "Ground Advantage",
        "buy_postage",
    )
    assert out["packing_slip"] == [
        "Order #1042 — 3 item(s), 1.5 kg",
        "2 × Soy candle (SKU SOY-1)",
        "1 × Wick",
    ]
    assert "Indicative USD rates" in str(out["note"])


def test_abroad_and_in_a_hurry_the_fastest_international_service_is_chosen() -> None:
    cheapest = label(destination_country="DE", weight_kg=0.4)
    fastest = label(destination_country="DE", weight_kg=0.4, speed="fastest")

    assert cheapest["carrier"] == "USPS"
    assert fastest["carrier"] == "DHL"
    assert int(str(fastest["estimated_delivery_days"])) < int(
        str(cheapest["estimated_delivery_days"])
    )
    assert float(str(fastest["estimated_cost"])) > float(str(cheapest["estimated_cost"]))


def test_a_parcel_heavier_than_every_service_says_so() -> None:
    heavy = label(items=[{"title": "Anvil", "quantity": 70}])  # 35 kg at 0.5 kg each
    assert heavy["label_status"] == "too_heavy"
    assert "split the parcel" in str(heavy["note"])
