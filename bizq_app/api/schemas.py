"""Request and response bodies of the REST API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Body(BaseModel):
    """A request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class SignupIn(Body):
    email: str
    password: str
    full_name: str = ""


class LoginIn(Body):
    email: str
    password: str


class PasswordIn(Body):
    current_password: str
    new_password: str


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str
    created_at: datetime


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user: UserOut


class StoreCreateIn(Body):
    name: str
    slug: str | None = None
    currency: str = "USD"


class StoreUpdateIn(Body):
    name: str | None = None
    slug: str | None = None
    currency: str | None = None


class StoreOut(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    currency: str
    role: str
    created_at: datetime
    updated_at: datetime | None


class MemberIn(Body):
    email: str
    role: str


class MemberRoleIn(Body):
    role: str


class MemberOut(BaseModel):
    user_id: uuid.UUID
    email: str
    full_name: str
    role: str


class HealthOut(BaseModel):
    ok: bool
    database: dict[str, object]
    queue: dict[str, object]
