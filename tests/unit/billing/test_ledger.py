"""The credits ledger on PostgreSQL and SQLite: grants, purchases, balanced settlements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from bizq_app.billing import ledger
from bizq_app.billing.models import LedgerEntry
from tests.factories import make_store


def test_a_new_store_gets_its_starting_credits(session: Session) -> None:
    view = make_store(session)

    assert ledger.balance(session, ledger.store_wallet(view.store.id)) == Decimal("100")
    assert ledger.balance(session, ledger.PURCHASES) <= Decimal("-100")


def test_an_unbalanced_transaction_is_refused(session: Session) -> None:
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.post(session, [ledger.Leg(ledger.PLATFORM, Decimal("1"))], reason="bug")

    assert session.exec(select(func.count()).select_from(LedgerEntry)).one() == 0


def test_every_transaction_in_the_book_sums_to_zero(session: Session) -> None:
    view = make_store(session)
    ledger.credit_purchase(session, view.store.id, Decimal("9.99"), reference="purchase 1")

    sums = session.exec(
        select(LedgerEntry.transaction_id, func.sum(LedgerEntry.amount)).group_by(
            LedgerEntry.transaction_id
        )
    ).all()

    assert len(sums) == 2
    assert all(total == 0 for _, total in sums)


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2)


@given(price=prices, royalty=percents, fee=percents)
def test_a_split_always_adds_up_to_the_price(
    price: Decimal, royalty: Decimal, fee: Decimal
) -> None:
    split = ledger.split_price(price, royalty_percent=royalty, fee_percent=fee)

    assert split.worker + split.creator + split.platform == price
    assert split.worker >= 0
    assert abs(split.creator - price * royalty / 100) <= Decimal("0.00005")
    assert abs(split.platform - price * fee / 100) <= Decimal("0.00005")


def test_every_share_rounds_half_up_and_no_share_is_negative_at_the_limits() -> None:
    assert ledger.share(Decimal("0.01"), Decimal("12.5")) == Decimal("0.0013")  # 0.00125

    split = ledger.split_price(
        Decimal("0.03"), royalty_percent=Decimal(50), fee_percent=Decimal(50)
    )

    assert split.worker >= 0
    assert split.worker + split.creator + split.platform == Decimal("0.03")
