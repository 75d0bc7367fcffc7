"""The stock ledger keeps its promise whatever happens: the level is the sum of the
movements and never below zero; a sale larger than the stock changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockReason
from bizq_app.sales.models import OrderItem
from tests.factories import make_product, make_sale, make_store

OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["sell", "restock", "set"]), st.integers(-3, 25)), max_size=25
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_any_sequence_keeps_the_level_equal_to_its_movements(
    session: Session, operations: list[tuple[str, int]]
) -> None:
    product = make_product(session, make_store(session), inventory_quantity=0)
    expected = 0
    for kind, units in operations:
        try:
            if kind == "sell":
                stock.move(session, product, {}, -units, StockReason.SALE)
                expected -= units
            elif kind == "restock":
                stock.move(session, product, {}, units, StockReason.MANUAL)
                expected += units
            else:
                stock.set_levels(session, product, units, None, StockReason.MANUAL)
                expected = units
        except (Conflict, ValidationFailed):
            pass  # refused: nothing changed
        assert product.inventory_quantity == expected >= 0
        assert stock.level_from_movements(session, product.id) == expected


def test_an_order_line_comes_back_once_and_never_more_than_it_sold(session: Session) -> None:
    store = make_store(session)
    product = make_product(session, store, inventory_quantity=0)
    stock.set_levels(session, product, 10, None, StockReason.MANUAL)
    order = make_sale(session, store, product, 4)
    item = session.exec(select(OrderItem).where(OrderItem.order_id == order.id)).one()
    line = stock.Reference(order_id=order.id, order_item_id=item.id)
    stock.move(session, product, {}, -4, StockReason.SALE, line)

    first = stock.put_back(session, product, {}, 4, StockReason.REFUND_RESTOCK, line, 3)
    try:
        stock.put_back(session, product, {}, 4, StockReason.REFUND_RESTOCK, line, 2)
        too_many = False
    except ValidationFailed:
        too_many = True
    rest = stock.put_back(session, product, {}, 4, StockReason.CANCEL, line)
    again = stock.put_back(session, product, {}, 4, StockReason.CANCEL, line)

    assert (first, too_many, rest, again) == (3, True, 1, 0)
    assert product.inventory_quantity == 10 == stock.level_from_movements(session, product.id)
