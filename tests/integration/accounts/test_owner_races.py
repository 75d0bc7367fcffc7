"""Two owners changing each other's membership at the same moment, over REST, on
PostgreSQL and on the embedded SQLite default: the store always keeps an owner, one of
the two acts happens and the other is refused as it would be a moment later."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.conftest import at_once, codes, signup

ROUNDS = 20


@dataclass(frozen=True)
class Act:
    """What owner ``me`` asks at the same time as the other owner asks the same."""

    method: str
    target: str  # "me" or "other": whose membership the act changes
    body: dict[str, str] | None
    done: int  # the winner's answer
    refused: int  # the loser's answer
    code: str  # the loser's problem code


ACTS = {
    # the loser is a manager by the time their turn comes: no longer allowed
    "demote each other": Act("PUT", "other", {"role": "manager"}, 200, 403, "permission_denied"),
    # the loser would be stepping down as the last owner
    "step down together": Act("PUT", "me", {"role": "viewer"}, 200, 409, "conflict"),
    # the loser is no longer a member by the time their turn comes
    "remove each other": Act("DELETE", "other", None, 204, 403, "permission_denied"),
}


@dataclass
class Pair:
    client: TestClient
    store_id: str
    headers: list[dict[str, str]]
    ids: list[str]

    def members(self, who: int) -> dict[str, str]:
        listed = self.client.get(f"/api/stores/{self.store_id}/members", headers=self.headers[who])
        assert listed.status_code == 200, listed.text
        return {m["user_id"]: m["role"] for m in listed.json()["items"]}

    def act(self, act: Act, me: int) -> Response:
        target = self.ids[me if act.target == "me" else 1 - me]
        url = f"/api/stores/{self.store_id}/members/{target}"
        return self.client.request(act.method, url, json=act.body, headers=self.headers[me])

    def make_owner_again(self, owner: int) -> None:
        other = 1 - owner
        if self.ids[other] in self.members(owner):
            url = f"/api/stores/{self.store_id}/members/{self.ids[other]}"
            again = self.client.put(url, json={"role": "owner"}, headers=self.headers[owner])
        else:
            url = f"/api/stores/{self.store_id}/members"
            email = f"owner{other}@example.com"
            again = self.client.post(
                url, json={"email": email, "role": "owner"}, headers=self.headers[owner]
            )
        assert again.status_code in (200, 201), again.text


def two_owners(client: TestClient) -> Pair:
    headers = [signup(client, f"owner{n}@example.com") for n in (0, 1)]
    ids = [client.get("/api/auth/me", headers=h).json()["id"] for h in headers]
    store = client.post("/api/stores", json={"name": "Shared"}, headers=headers[0])
    pair = Pair(client, store.json()["id"], headers, ids)
    added = client.post(
        f"/api/stores/{pair.store_id}/members",
        json={"email": "owner1@example.com", "role": "owner"},
        headers=headers[0],
    )
    assert added.status_code == 201, added.text
    return pair


@pytest.mark.parametrize("name", list(ACTS))
def test_two_owners_acting_at_once_always_leave_the_store_an_owner(
    any_client: TestClient, name: str
) -> None:
    act, pair = ACTS[name], two_owners(any_client)

    for _ in range(ROUNDS):
        answers = at_once(2, lambda me: pair.act(act, me))
        winner = 0 if answers[0].status_code == act.done else 1
        survivor = winner if act.target == "other" else 1 - winner  # the owner left
        roles = pair.members(survivor)

        assert codes(answers) == Counter({act.done: 1, act.refused: 1}), [a.text for a in answers]
        assert answers[1 - winner].json()["code"] == act.code
        assert list(roles.values()).count("owner") == 1
        assert roles[pair.ids[survivor]] == "owner"
        assert (pair.ids[1 - survivor] in roles) is (act.method != "DELETE")
        pair.make_owner_again(survivor)
