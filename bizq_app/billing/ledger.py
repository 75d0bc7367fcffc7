"""The credits ledger: double entry, every transaction sums to zero.

Accounts are ``(kind, id)`` pairs: a store's wallet, a worker's earnings, a
creator's royalties, BizQ's platform fees, and ``purchases`` — where credits
come from when a store is granted or buys them (its balance is negative).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bizq_app.billing.models import AccountKind, LedgerEntry
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import ValidationFailed
from bizq_app.core.money import CENT
from bizq_app.core.settings import get_settings

PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Account:
    kind: AccountKind
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class Leg:
    """One side of a transaction: ``amount`` credits into (or, negative, out of) ``account``."""

    account: Account
    amount: Decimal


class UnbalancedTransaction(ValueError):
    """A transaction's legs do not sum to zero: a bug, never user input."""


def store_wallet(store_id: uuid.UUID) -> Account:
    return Account(AccountKind.STORE_WALLET, store_id)


PURCHASES = Account(AccountKind.PURCHASES)
PLATFORM = Account(AccountKind.PLATFORM_FEES)


def post(
    session: Session,
    legs: list[Leg],
    *,
    reason: str,
    task_id: uuid.UUID | None = None,
    memo: str = "",
) -> uuid.UUID:
    """Write one balanced transaction; return its id.

    Raises:
        UnbalancedTransaction: the legs do not sum to exactly zero.
    """
    if sum((leg.amount for leg in legs), Decimal(0)) != 0:
        raise UnbalancedTransaction(f"legs of {reason} do not sum to zero: {legs}")
    transaction_id, now = uuid.uuid4(), utcnow()
    rows = [  # one multi-row INSERT, without building an ORM object per leg (a hot path)
        {
            "id": uuid.uuid4(),
            "transaction_id": transaction_id,
            "account_kind": leg.account.kind.value,
            "account_id": leg.account.id,
            "amount": leg.amount,
            "reason": reason,
            "task_id": task_id,
            "memo": memo,
            "created_at": now,
        }
        for leg in legs
        if leg.amount != 0
    ]
    if rows:
        # render_nulls: a leg without an account id (the platform) stays in the one INSERT
        session.execute(insert(LedgerEntry).execution_options(render_nulls=True), rows)
    return transaction_id


def balance(session: Session, account: Account) -> Decimal:
    """The account's balance: the sum of its entries."""
    query = select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.account_kind == account.kind.value, LedgerEntry.account_id == account.id
    )
    return Decimal(session.exec(query).one()).quantize(PLACES)


def paid_from_wallet(
    session: Session, store_id: uuid.UUID, kind: AccountKind, ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Decimal]:
    """What the store's wallet paid into each ``kind`` account of ``ids``: the accounts'
    entries in transactions that also moved that wallet (a reversal nets out)."""
    wallet = aliased(LedgerEntry)
    moved_wallet = (
        select(wallet.id)
        .where(
            col(wallet.transaction_id) == col(LedgerEntry.transaction_id),
            wallet.account_kind == AccountKind.STORE_WALLET.value,
            wallet.account_id == store_id,
        )
        .exists()
    )
    query = (
        select(LedgerEntry.account_id, func.sum(LedgerEntry.amount))
        .where(
            LedgerEntry.account_kind == kind.value,
            col(LedgerEntry.account_id).in_(list(ids)),
            moved_wallet,
        )
        .group_by(col(LedgerEntry.account_id))
    )
    found = {account: Decimal(total) for account, total in session.exec(query)}
    return {i: found.get(i, Decimal(0)).quantize(PLACES) for i in ids}


def grant_starting_credits(session: Session, store_id: uuid.UUID) -> Decimal:
    """Give a new store its starting credits (``BIZQ_STARTING_CREDITS``).

    The only credits a store gets without paying; all others are bought
    (``credit_purchases.buy``) and arrive through ``credit_purchase``.
    """
    amount = get_settings().starting_credits
    _from_purchases(session, store_id, amount, reason="grant", memo="starting credits")
    return amount


def credit_purchase(
    session: Session, store_id: uuid.UUID, credits: Decimal, *, reference: str
) -> uuid.UUID:
    """Put credits a store has paid for into its wallet; the caller guarantees the
    purchase is credited once. Returns the transaction's id."""
    return _from_purchases(session, store_id, credits, reason="purchase", memo=reference)


def _from_purchases(
    session: Session, store_id: uuid.UUID, credits: Decimal, *, reason: str, memo: str
) -> uuid.UUID:
    legs = [Leg(store_wallet(store_id), credits), Leg(PURCHASES, -credits)]
    return post(session, legs, reason=reason, memo=memo[:255])


def show(amount: Decimal) -> str:
    """Credits as people read them: two decimals unless finer precision matters."""
    cents = amount.quantize(CENT)
    return str(cents if cents == amount else amount.normalize())


def parse_credits(value: object, *, path: str) -> Decimal:
    """A positive amount of credits with at most two decimal places.

    Raises:
        ValidationFailed: not a number, not positive, or finer than a cent.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise ValidationFailed.field(path, 'must be a number of credits, like 25 or "12.50"')
    try:
        credits = Decimal(str(value))
    except ArithmeticError as exc:
        raise ValidationFailed.field(path, "must be a number of credits") from exc
    if not credits.is_finite() or credits <= 0:
        raise ValidationFailed.field(path, "must be more than 0")
    if credits.adjusted() > 12:  # no wallet holds a trillion credits; quantize would overflow
        raise ValidationFailed.field(path, "is far too large")
    if credits != credits.quantize(CENT):
        raise ValidationFailed.field(path, "must have at most two decimal places")
    return credits


@dataclass(frozen=True)
class Split:
    """How a task's price is shared out."""

    worker: Decimal
    creator: Decimal
    platform: Decimal


def share(price: Decimal, percent: Decimal) -> Decimal:
    """``percent`` of ``price`` in credits, rounded half-up to 0.0001: the one rule for every
    fee and royalty."""
    return (price * percent / 100).quantize(PLACES, rounding=ROUND_HALF_UP)


def split_price(price: Decimal, *, royalty_percent: Decimal, fee_percent: Decimal) -> Split:
    """Creator royalty and platform fee (``share``); the worker gets the rest."""
    creator, platform = share(price, royalty_percent), share(price, fee_percent)
    return Split(worker=price - creator - platform, creator=creator, platform=platform)


@dataclass(frozen=True)
class TaskCharge:
    """What a completed task costs its store, and who did it."""

    task_id: uuid.UUID
    store_id: uuid.UUID
    worker_id: uuid.UUID | None
    cost: Decimal


def settle_task(
    session: Session, task: TaskCharge, *, royalty_percent: Decimal, creator_id: uuid.UUID | None
) -> uuid.UUID:
    """Charge the store for a completed task and pay worker, creator and platform.

    Called in the same database transaction as the task's move to
    ``completed``; the caller guarantees that move happens once.
    """
    royalty = royalty_percent if creator_id is not None else Decimal(0)
    split = split_price(
        task.cost, royalty_percent=royalty, fee_percent=get_settings().platform_fee_percent
    )
    legs = [
        Leg(store_wallet(task.store_id), -task.cost),
        Leg(Account(AccountKind.WORKER_EARNINGS, task.worker_id), split.worker),
        Leg(Account(AccountKind.CREATOR_ROYALTIES, creator_id), split.creator),
        Leg(PLATFORM, split.platform),
    ]
    return post(session, legs, reason="task_payment", task_id=task.task_id)
