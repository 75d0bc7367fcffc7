"""Buying credits on PostgreSQL and SQLite with BizQ's offline test payments: priced by
the server, credited once when paid, never when declined."""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bizq_app.accounts.models import Role
from bizq_app.accounts.stores import StoreView
from bizq_app.billing import credit_purchases, ledger
from bizq_app.billing.models import CreditPurchase, LedgerEntry
from bizq_app.core.errors import Conflict, PaymentDeclined, PermissionDenied, ValidationFailed
from bizq_app.integrations.payments.test_payments import TestPayments
from tests.factories import make_member, make_store

VISA, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


def buy(session: Session, view: StoreView, **overrides: Any) -> CreditPurchase:
    options: dict[str, Any] = {
        "open_session": lambda: nullcontext(session),
        "user_id": view.store.created_by_id,
        "store_id": view.store.id,
        "credits": "25",
        "payment_method": VISA,
        "provider": TestPayments(),
    }
    return credit_purchases.buy(**{**options, **overrides})


def wallet(session: Session, view: StoreView) -> Decimal:
    return ledger.balance(session, ledger.store_wallet(view.store.id))


def purchases(session: Session) -> list[CreditPurchase]:
    return list(session.exec(select(CreditPurchase)))


@pytest.mark.parametrize(
    ("credits", "currency", "price"),
    [("25", "USD", "2.50"), ("12.35", "EUR", "1.24"), ("25", "JPY", "3"), ("0.05", "USD", "0.01")],
)
def test_credits_cost_the_credit_price_each_rounded_to_the_currency(
    credits: str, currency: str, price: str
) -> None:
    quote = credit_purchases.quote(credits, currency)

    assert (quote.price, quote.currency, quote.unit_price) == (
        Decimal(price),
        currency,
        Decimal("0.10"),
    )


@pytest.mark.parametrize(
    ("credits", "currency", "least"), [("0.04", "USD", "0.05"), (4, "JPY", "5.00")]
)
def test_too_few_credits_to_charge_anything_are_refused(
    credits: object, currency: str, least: object
) -> None:
    with pytest.raises(ValidationFailed) as err:
        credit_purchases.quote(credits, currency)

    assert err.value.errors[0].path == "$.credits"
    assert err.value.errors[0].message.startswith(f"must be at least {least} ")


def test_an_owner_buys_credits_and_the_wallet_is_credited_once_paid(session: Session) -> None:
    view = make_store(session)

    purchase = buy(session, view)

    assert (purchase.status, purchase.credits, purchase.price) == ("paid", 25, Decimal("2.50"))
    assert (purchase.currency, purchase.provider) == ("USD", "test")
    assert str(purchase.provider_reference).startswith("testpay_")
    assert wallet(session, view) == Decimal("125")
    entries = session.exec(select(LedgerEntry).where(LedgerEntry.reason == "purchase")).all()
    assert sorted(e.amount for e in entries) == [Decimal("-25"), Decimal("25")]
    assert {e.memo for e in entries} == {f"credit purchase {purchase.id}"}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.VIEWER])
def test_only_owners_buy_credits(session: Session, role: Role) -> None:
    view = make_store(session)
    member = make_member(session, view, role)

    with pytest.raises(PermissionDenied):
        buy(session, view, user_id=member.id)

    assert purchases(session) == [] and wallet(session, view) == Decimal("100")


@pytest.mark.parametrize("credits", [0, -5, "abc", "1.001", 1.5, True, None, "NaN", "200000"])
def test_bad_amounts_buy_nothing(session: Session, credits: object) -> None:
    view = make_store(session)

    with pytest.raises(ValidationFailed) as err:
        buy(session, view, credits=credits)

    assert [e.path for e in err.value.errors] == ["$.credits"]
    assert purchases(session) == [] and wallet(session, view) == Decimal("100")


def test_every_problem_with_the_form_is_reported_at_once(session: Session) -> None:
    view = make_store(session)

    with pytest.raises(ValidationFailed) as err:
        buy(session, view, credits="", payment_method="  ")

    assert [e.path for e in err.value.errors] == ["$.credits", "$.payment_method"]


def test_a_declined_card_credits_nothing_and_the_same_key_answers_the_same(
    session: Session,
) -> None:
    view = make_store(session)

    with pytest.raises(PaymentDeclined) as first:
        buy(session, view, payment_method=DECLINED, idempotency_key="k-1")
    with pytest.raises(PaymentDeclined) as again:
        buy(session, view, payment_method=DECLINED, idempotency_key="k-1")

    assert first.value.message == again.value.message == "Your card was declined."
    assert [(e.path, e.message) for e in first.value.errors] == [
        ("$.payment_method", "Your card was declined.")
    ]
    [failed] = purchases(session)
    assert (failed.status, failed.failure_message) == ("failed", "Your card was declined.")
    assert wallet(session, view) == Decimal("100")


def test_the_same_key_buys_once(session: Session) -> None:
    view = make_store(session)

    first = buy(session, view, idempotency_key="k-1")
    again = buy(session, view, idempotency_key="k-1")
    other = buy(session, view, idempotency_key="k-2")

    assert first.id == again.id != other.id
    assert wallet(session, view) == Decimal("150")


def test_a_key_used_for_another_amount_is_a_conflict(session: Session) -> None:
    view = make_store(session)
    buy(session, view, idempotency_key="k-1")

    with pytest.raises(Conflict, match="already bought 25.00 credits"):
        buy(session, view, credits="30", idempotency_key="k-1")

    assert wallet(session, view) == Decimal("125")


def test_a_payment_confirmed_twice_credits_once(session: Session) -> None:
    view = make_store(session)
    purchase = buy(session, view)

    again = credit_purchases.confirm_payment(session, purchase.id, "pi_late")

    assert again is False and wallet(session, view) == Decimal("125")


def test_a_failed_purchase_whose_payment_went_through_after_all_is_credited(
    session: Session,
) -> None:
    view = make_store(session)
    with pytest.raises(PaymentDeclined):
        buy(session, view, payment_method=DECLINED)
    [failed] = purchases(session)

    credited = credit_purchases.confirm_payment(session, failed.id, "pi_after_all")
    failed_again = credit_purchases.fail_payment(session, failed.id, "late failure")

    assert (credited, failed_again) == (True, False)
    assert (failed.status, failed.failure_message) == ("paid", "")
    assert wallet(session, view) == Decimal("125")


def test_every_purchase_transaction_balances(session: Session) -> None:
    view = make_store(session)
    buy(session, view, credits="12.34")
    buy(session, view, credits="100000")

    unbalanced = session.exec(
        select(LedgerEntry.transaction_id)
        .group_by(LedgerEntry.transaction_id)
        .having(func.sum(LedgerEntry.amount) != 0)
    ).all()

    assert unbalanced == [] and wallet(session, view) == Decimal("100112.34")
