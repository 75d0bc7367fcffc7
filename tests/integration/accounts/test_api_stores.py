"""``/api/stores`` over HTTP: the store lifecycle, lists and bad input."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import signup


def test_create_read_rename_list_delete(client: TestClient) -> None:
    auth = signup(client, "owner@example.com")

    created = client.post("/api/stores", json={"name": "Calm Corner"}, headers=auth)
    store_id = created.json()["id"]
    fetched = client.get(f"/api/stores/{store_id}", headers=auth)
    renamed = client.put(f"/api/stores/{store_id}", json={"name": "Calm Corner Co"}, headers=auth)
    listed = client.get("/api/stores", headers=auth)
    deleted = client.delete(f"/api/stores/{store_id}", headers=auth)
    after = client.get(f"/api/stores/{store_id}", headers=auth)

    assert created.status_code == 201
    assert created.json()["slug"] == "calm-corner"
    assert created.json()["role"] == "owner"
    assert fetched.json()["name"] == "Calm Corner"
    assert renamed.json()["name"] == "Calm Corner Co"
    assert renamed.json()["slug"] == "calm-corner"
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["name"] == "Calm Corner Co"
    assert deleted.status_code == 204
    assert after.status_code == 404
    assert client.get("/api/stores", headers=auth).json() == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }


def test_lists_paginate_with_limit_and_offset(client: TestClient) -> None:
    auth = signup(client, "many@example.com")
    for name in ("Delta", "Alpha", "Charlie", "Bravo"):
        client.post("/api/stores", json={"name": name}, headers=auth)

    page = client.get("/api/stores?limit=2&offset=1", headers=auth).json()
    too_big = client.get("/api/stores?limit=1000", headers=auth)

    assert page["total"] == 4
    assert [s["name"] for s in page["items"]] == ["Bravo", "Charlie"]
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["path"] == "query.limit"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({}, "$.name"),
        ({"name": ""}, "$.name"),
        ({"name": "x" * 200}, "$.name"),
        ({"name": 12}, "$.name"),
        ({"name": "Ok", "currency": "ABC"}, "$.currency"),
        ({"name": "Ok", "slug": "Bad Slug"}, "$.slug"),
        ({"name": "Ok", "colour": "red"}, "$.colour"),
    ],
)
def test_bad_store_input_is_a_422_that_names_the_field(
    client: TestClient, body: dict, path: str
) -> None:
    auth = signup(client, "picky@example.com")

    response = client.post("/api/stores", json=body, headers=auth)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation_failed"
    assert path in [e["path"] for e in response.json()["errors"]]
    assert client.get("/api/stores", headers=auth).json()["total"] == 0


def test_malformed_json_is_a_clear_422(client: TestClient) -> None:
    auth = signup(client, "json@example.com")

    response = client.post(
        "/api/stores",
        content=b'{"name": "Oops"',
        headers={**auth, "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0] == {"path": "$", "message": "the body is not valid JSON"}


def test_unknown_malformed_and_foreign_ids(client: TestClient) -> None:
    mine = signup(client, "mine@example.com")
    theirs = signup(client, "theirs@example.com")
    store_id = client.post("/api/stores", json={"name": "Theirs"}, headers=theirs).json()["id"]

    unknown = client.get(f"/api/stores/{uuid.uuid4()}", headers=mine)
    malformed = client.get("/api/stores/not-a-uuid", headers=mine)
    foreign = client.put(f"/api/stores/{store_id}", json={"name": "Mine now"}, headers=mine)

    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["path"] == "path.store_id"
    assert foreign.status_code == 403
    assert client.get(f"/api/stores/{store_id}", headers=theirs).json()["name"] == "Theirs"


def test_a_failed_rename_changes_nothing(client: TestClient) -> None:
    auth = signup(client, "keep@example.com")
    other = client.post("/api/stores", json={"name": "Other", "slug": "other-shop"}, headers=auth)
    store_id = client.post("/api/stores", json={"name": "Keep"}, headers=auth).json()["id"]

    clash = client.put(
        f"/api/stores/{store_id}", json={"name": "Renamed", "slug": "other-shop"}, headers=auth
    )

    assert other.status_code == 201
    assert clash.status_code == 409
    assert clash.json()["errors"][0]["path"] == "$.slug"
    assert client.get(f"/api/stores/{store_id}", headers=auth).json()["name"] == "Keep"


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()

    assert "/api/stores/{store_id}" in spec["paths"]
    assert "/api/auth/login" in spec["paths"]
