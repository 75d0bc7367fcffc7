from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bizq_app.api.app import build_api
from tests.factories import PASSWORD


@pytest.fixture
def client(clean_db: Engine, redis_db: object) -> Iterator[TestClient]:
    """The REST API on the test PostgreSQL database and Redis, emptied after each test."""
    with TestClient(build_api(), raise_server_exceptions=False) as c:
        yield c


def signup(client: TestClient, email: str, name: str = "") -> dict[str, str]:
    """Sign up through the API; return the Authorization header for the new account."""
    response = client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "full_name": name}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
