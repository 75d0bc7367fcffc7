"""The one way a row with a lifecycle changes status: a conditional ``UPDATE``.

``UPDATE … SET status = :to WHERE id = :id AND status IN (:allowed)`` and the row count
checked. Of two requests that move the same row at once, exactly one wins; the other
finds the row already moved and changes nothing — a job delivered twice, a double
click, a webhook racing the charge's own answer. The caller writes its audit event in
the same transaction, so a change is never without its author.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import inspect, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import ClauseElement
from sqlmodel import Session

from bizq_app.core.errors import Conflict

T = TypeVar("T")


def move(
    session: Session,
    row: Any,
    allowed: Iterable[str | Enum],
    to: str | Enum,
    *,
    conditions: Iterable[Any] = (),
    **values: Any,
) -> bool:
    """Set ``row``'s status to ``to`` (and ``values``) if it is still in one of
    ``allowed`` (and meets ``conditions``); False when another change came first."""
    model = type(row)
    expected = [_value(s) for s in allowed]
    conditions = list(conditions)
    if not conditions and _unseen(row, values):  # no one else can see it yet: no race
        if _value(row.status) not in expected:
            return False
        for key, value in {**values, "status": _value(to)}.items():
            setattr(row, key, value)
        return True
    session.flush()  # what this transaction changed before goes first, as with the ORM's
    table = model.__table__  # a plain UPDATE, cheaper; the row object is kept in step below
    statement = update(table).where(table.c.id == row.id, table.c.status.in_(expected))
    for condition in conditions:
        statement = statement.where(condition)
    values["status"] = _value(to)
    result = session.execute(statement.values(**values))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for key, value in values.items():  # the row now holds these: no need to read it back
        set_committed_value(row, key, value)
    return True


def claim(
    session: Session,
    model: type[T],
    row_id: Any,
    allowed: Iterable[str | Enum],
    to: str | Enum,
    *,
    conditions: Iterable[Any] = (),
    **values: Any,
) -> T | None:
    """``move`` for a row the caller has not read: one ``UPDATE … RETURNING`` moves it
    and hands it back (None when it was not in one of ``allowed``), saving the read —
    for hot paths such as a worker starting a task."""
    found = claim_all(session, model, [row_id], allowed, to, conditions=conditions, **values)
    return found[0] if found else None


def claim_all(
    session: Session,
    model: type[T],
    row_ids: Iterable[Any],
    allowed: Iterable[str | Enum],
    to: str | Enum,
    *,
    conditions: Iterable[Any] = (),
    **values: Any,
) -> list[T]:
    """``claim`` for several rows in one statement: those still in one of ``allowed``
    move and come back (in no particular order); the others are left as they are."""
    expected = [_value(s) for s in allowed]
    statement = update(model).where(model.id.in_(list(row_ids)), model.status.in_(expected))  # type: ignore[attr-defined]
    for condition in conditions:
        statement = statement.where(condition)
    values["status"] = _value(to)
    returning = statement.values(**values).returning(model)
    found = session.execute(returning, execution_options={"populate_existing": True})
    return list(found.scalars().all())


def change(
    session: Session,
    row: Any,
    allowed: Iterable[str | Enum],
    to: str | Enum,
    what: str,
    **values: Any,
) -> None:
    """``move``, or a ``Conflict`` (409) that says what the row's status is now.

    Raises:
        Conflict: the row was not in one of ``allowed`` (nothing changed).
    """
    if not move(session, row, allowed, to, **values):
        session.refresh(row)
        raise Conflict(f"{what} is {row.status} now; it changed at the same time. Reload it.")


def _unseen(row: Any, values: dict[str, Any]) -> bool:
    """True for a row this transaction is adding (not flushed yet), moved to plain values:
    it is set on the object and written by the row's own ``INSERT`` (a batch of new tasks
    is inserted at once instead of inserted and then updated one by one)."""
    state = inspect(row, raiseerr=False)
    return bool(state is not None and state.pending) and not any(
        isinstance(v, ClauseElement) for v in values.values()
    )


def _value(status: str | Enum) -> str:
    return str(status.value) if isinstance(status, Enum) else str(status)
