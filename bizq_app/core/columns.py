"""Column types and helpers shared by every table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

JSONType = JSON().with_variant(JSONB(), "postgresql")
MONEY = Numeric(14, 2)
CREDITS = Numeric(18, 4)
DEFAULT_CURRENCY = "USD"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that always comes back in UTC (SQLite too)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use utcnow()")
        return value.astimezone(UTC)  # SQLite drops the offset, so store UTC everywhere

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


def id_field() -> Any:
    """A UUID primary key generated in Python."""
    return Field(default_factory=uuid.uuid4, primary_key=True)


def created_field() -> Any:
    """The creation timestamp."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def timestamp_field(nullable: bool = True) -> Any:
    """An optional timestamp."""
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable)


def as_stored(amount: Decimal) -> Decimal:
    """An amount as a money column holds it (two decimal places: 700 yen is 700.00), for
    a row that is answered from memory rather than read back."""
    return amount.quantize(Decimal("0.01"))


def money_field(default: Decimal = Decimal("0.00")) -> Any:
    """An amount of money (two decimal places) in the row's currency."""
    return Field(default=default, sa_type=MONEY, nullable=False)


def credits_field(default: Decimal = Decimal("0")) -> Any:
    """An amount of BizQ credits."""
    return Field(default=default, sa_type=CREDITS, nullable=False)


def json_field(default_factory: Any = dict, nullable: bool = False) -> Any:
    """A JSON document (JSONB on PostgreSQL)."""
    if nullable:
        return Field(default=None, sa_type=JSONType, nullable=True)
    return Field(default_factory=default_factory, sa_type=JSONType, nullable=False)
