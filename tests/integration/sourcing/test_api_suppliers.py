"""``/api/suppliers/search``: ranked offers from the bundled catalog, each score explained."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.conftest import signup


def test_a_search_ranks_offers_within_the_criteria_and_explains_the_score(
    client: TestClient,
) -> None:
    auth = signup(client, "sourcing@example.com")

    found = client.get(
        "/api/suppliers/search",
        headers=auth,
        params={"q": "soy candle", "budget": "60", "max_moq": 1, "ship_to": "US"},
    ).json()["items"]
    bulk = client.get(
        "/api/suppliers/search",
        headers=auth,
        params={"q": "soy candle", "kinds": ["wholesale", "manufacturer"]},
    ).json()["items"]

    assert found and all(o["moq"] <= 1 for o in found)
    assert all(float(o["first_order_cost"]) <= 60 for o in found)
    assert [o["score"] for o in found] == sorted((o["score"] for o in found), reverse=True)
    assert "candle" in found[0]["product"].lower()
    assert any("points" in r for r in found[0]["reasons"])
    assert bulk and all(o["moq"] > 1 and o["kind"] != "zero_moq" for o in bulk)
    cheapest = min(float(o["unit_cost"]) for o in bulk)
    assert cheapest < min(float(o["unit_cost"]) for o in found)  # bulk is cheaper a unit


def test_bad_criteria_are_named_and_strangers_are_refused(client: TestClient) -> None:
    auth = signup(client, "picky@example.com")

    bad = client.get("/api/suppliers/search", headers=auth, params={"kinds": ["factory"]})
    anonymous = client.get("/api/suppliers/search", params={"q": "mug"})

    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "$.kinds"
    assert anonymous.status_code == 401
