"""Each role on each store action, through the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.conftest import signup

Action = Callable[[TestClient, str, dict[str, str], dict[str, str]], Response]

ACTIONS: dict[str, Action] = {
    "view": lambda c, sid, h, ids: c.get(f"/api/stores/{sid}", headers=h),
    "list members": lambda c, sid, h, ids: c.get(f"/api/stores/{sid}/members", headers=h),
    "rename": lambda c, sid, h, ids: c.put(
        f"/api/stores/{sid}", json={"name": "Renamed"}, headers=h
    ),
    "add member": lambda c, sid, h, ids: c.post(
        f"/api/stores/{sid}/members",
        json={"email": "extra@example.com", "role": "viewer"},
        headers=h,
    ),
    "change role": lambda c, sid, h, ids: c.put(
        f"/api/stores/{sid}/members/{ids['viewer']}", json={"role": "manager"}, headers=h
    ),
    "remove member": lambda c, sid, h, ids: c.delete(
        f"/api/stores/{sid}/members/{ids['viewer']}", headers=h
    ),
    "delete store": lambda c, sid, h, ids: c.delete(f"/api/stores/{sid}", headers=h),
}

ALLOWED = {
    "owner": set(ACTIONS),
    "manager": {"view", "list members", "rename"},
    "viewer": {"view", "list members"},
    "stranger": set(),
}


def _store_with_every_role(
    client: TestClient,
) -> tuple[str, dict[str, dict[str, str]], dict[str, str]]:
    headers = {role: signup(client, f"{role}@example.com") for role in ALLOWED}
    signup(client, "extra@example.com")
    store_id = client.post("/api/stores", json={"name": "Shared"}, headers=headers["owner"]).json()[
        "id"
    ]
    ids = {}
    for role in ("manager", "viewer"):
        added = client.post(
            f"/api/stores/{store_id}/members",
            json={"email": f"{role}@example.com", "role": role},
            headers=headers["owner"],
        )
        ids[role] = added.json()["user_id"]
    return store_id, headers, ids


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_permissions(client: TestClient, role: str, action: str) -> None:
    store_id, headers, ids = _store_with_every_role(client)

    response = ACTIONS[action](client, store_id, headers[role], ids)

    if action in ALLOWED[role]:
        assert response.status_code in (200, 201, 204), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "permission_denied"
        after = client.get(f"/api/stores/{store_id}/members", headers=headers["owner"]).json()
        assert after["total"] == 3
        assert (
            client.get(f"/api/stores/{store_id}", headers=headers["owner"]).json()["name"]
            == "Shared"
        )
