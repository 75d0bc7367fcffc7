"""The Settings page's credits: the balance, buying credits, recent purchases, the
daily task budget."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from bizq_app.billing import credit_purchases, ledger
from bizq_app.billing.models import CreditPurchase, CreditPurchaseStatus
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError, PaymentDeclined
from bizq_app.core.money import format_amount
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.tasks import budget
from bizq_app.ui.errors import FORM, error_toast, form_errors
from bizq_app.ui.state import SessionState, record_id

RECENT_PURCHASES = 10


class CreditsState(SessionState):
    """What the credits card shows, and the errors of its forms."""

    credits: dict[str, str] = {}
    credits_errors: dict[str, str] = {}
    purchases: list[dict[str, str]] = []
    price: str = ""  # what the credits typed in cost, like "2.50 USD"
    amount: str = ""  # the credits typed in or chosen, as the buy button names them
    unit_price: str = ""  # what one credit costs, like "0.10 USD"
    packs: list[dict[str, str]] = []  # the usual packs and their prices
    test_mode: bool = True  # no real money is taken
    test_cards: bool = True  # BizQ's offline test payments: Stripe's test card numbers work
    hosted: bool = False  # the owner pays on Stripe's page (no card field here)
    attempt: str = ""  # the purchase's idempotency key: a double submit buys once

    @rx.event
    def load_credits(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        user_id, store_id = self._user_id(), record_id(self.current_store_id)
        with session_scope() as session:
            summary = budget.credits(session=session, user_id=user_id, store_id=store_id)
            page = credit_purchases.list_purchases(
                session=session, user_id=user_id, store_id=store_id, limit=RECENT_PURCHASES
            )
        self.credits = {
            "balance": ledger.show(summary.balance),
            "available": ledger.show(summary.available),
            "spent_today": ledger.show(summary.spent_today),
            "budget": ""
            if summary.daily_task_budget is None
            else ledger.show(summary.daily_task_budget),
        }
        self.purchases = [_row(p) for p in page.items]
        currency = self.current_store.get("currency") or "USD"
        offered = credit_purchases.packs(currency)
        self.unit_price = format_amount(offered[0].unit_price, offered[0].currency)
        self.packs = [{"credits": ledger.show(q.credits), "price": _price(q)} for q in offered]
        provider = payment_provider()
        self.test_mode, self.test_cards = provider.test_mode, provider.name == "test"
        self.hosted = provider.hosted
        self.attempt = self.attempt or uuid.uuid4().hex

    @rx.event
    def back_from_payment(self) -> Any:
        """Settings opened by Stripe's page on the way back (``?purchase=…``): settle the
        purchase with what the page became, and say so."""
        query = self.router.url.query_parameters
        if not query.get("purchase") or not self.current_store_id:
            return None
        try:
            purchase = credit_purchases.returned(
                open_session=session_scope,
                user_id=self._user_id(),
                store_id=record_id(self.current_store_id),
                purchase_id=record_id(query["purchase"]),
                provider=payment_provider(),
                left="left" in query,
            )
        except (BizQError, ValueError):
            return None  # not this store's purchase, or Stripe unreachable: settled later
        self.load_credits()
        if purchase.status == CreditPurchaseStatus.FAILED.value:
            return rx.toast.info("No credits bought: the payment page was closed unpaid.")
        return _told(purchase)

    @rx.event
    def price_credits(self, value: str) -> None:
        """Show what the credits typed in cost (or nothing while it is not an amount)."""
        self.attempt = uuid.uuid4().hex  # another amount is another purchase
        currency = self.current_store.get("currency") or "USD"
        try:
            quote = credit_purchases.quote(value.strip(), currency)
        except BizQError:
            self.price, self.amount = "", ""
            return
        self.price = _price(quote)
        self.amount = ledger.show(quote.credits)

    @rx.event
    def choose_pack(self, credits: str) -> Any:
        """A pack clicked: its credits in the form and its price on the button."""
        self.price_credits(credits)
        return rx.set_value("credits", credits)

    @rx.event
    def buy_credits(self, form: dict[str, Any]) -> Any:
        try:
            purchase = credit_purchases.buy(
                open_session=session_scope,
                user_id=self._user_id(),
                store_id=record_id(self.current_store_id),
                credits=str(form.get("credits", "")).strip(),
                payment_method=form.get("payment_method", ""),
                provider=payment_provider(),
                idempotency_key=self.attempt,
            )
        except BizQError as exc:
            return self._refused(exc)
        self.credits_errors, self.price, self.amount = {}, "", ""
        self.attempt = uuid.uuid4().hex
        if purchase.payment_url:
            return rx.redirect(purchase.payment_url)  # back to Settings once paid
        self.load_credits()
        return [*_cleared("credits", "payment_method"), _told(purchase)]

    @rx.event
    def set_budget(self, form: dict[str, Any]) -> Any:
        value = str(form.get("daily_task_budget", "")).strip() or None
        try:
            self._in_store(
                lambda session, user_id, store_id: budget.set_daily_budget(
                    session=session, user_id=user_id, store_id=store_id, amount=value
                )
            )
        except BizQError as exc:
            return self._refused(exc)
        self.credits_errors = {}
        self.load_credits()
        return rx.toast.success(
            "Daily task budget saved." if value else "Daily task budget removed."
        )

    def _refused(self, exc: BizQError) -> Any:
        """Each problem under its field; a declined card makes the next try a new attempt."""
        if isinstance(exc, PaymentDeclined):
            self.attempt = uuid.uuid4().hex
        self.credits_errors = form_errors(exc)
        return error_toast(exc) if FORM in self.credits_errors else None


def _price(quote: credit_purchases.Quote) -> str:
    return format_amount(quote.price, quote.currency)


def _row(purchase: CreditPurchase) -> dict[str, str]:
    return {
        "id": str(purchase.id),
        "date": purchase.created_at.strftime("%Y-%m-%d %H:%M"),
        "credits": ledger.show(purchase.credits),
        "price": format_amount(purchase.price, purchase.currency),
        "status": purchase.status,
        "note": purchase.failure_message,
    }


def _told(purchase: CreditPurchase) -> Any:
    price = format_amount(purchase.price, purchase.currency)
    bought = f"{ledger.show(purchase.credits)} credits for {price}"
    if purchase.status == CreditPurchaseStatus.PENDING.value:
        return rx.toast.info(f"Payment processing: {bought} arrive once it is confirmed.")
    return rx.toast.success(f"Bought {bought}.")


def _cleared(*field_ids: str) -> list[Any]:
    return [rx.set_value(field_id, "") for field_id in field_ids]
