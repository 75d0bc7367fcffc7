"""BizQ's offline payments: always test mode, answering like Stripe's documented test
cards, so a store can take (pretend) orders from minute one with no account anywhere.

4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined (card_declined);
4000 0000 0000 9995 is declined for insufficient funds; 4000 0000 0000 0069 has
expired; any other number that passes the Luhn check succeeds (as Stripe's other
test cards do); one that fails it is an incorrect number. Stripe's test
PaymentMethod ids (``pm_card_visa``, ``pm_card_chargeDeclined``,
``pm_card_chargeDeclinedInsufficientFunds``) work too.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from bizq_app.core.validation import looks_like_card_number
from bizq_app.integrations.payments import Charge, PaymentProvider, Refund

DECLINES = {
    "4000000000000002": ("card_declined", "Your card was declined."),
    "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
    "4000000000000069": ("expired_card", "Your card has expired."),
    "pm_card_chargeDeclined": ("card_declined", "Your card was declined."),
    "pm_card_chargeDeclinedInsufficientFunds": (
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
}
TOKENS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex"}


class TestPayments(PaymentProvider):
    """Test-mode payments decided by the card number, with no outside service."""

    __test__ = False  # not a pytest test class
    name = "test"
    label = "BizQ test payments"
    test_mode = True

    def charge(
        self,
        *,
        amount: Decimal,
        currency: str,
        payment_method: str,
        idempotency_key: str,
        description: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> Charge:
        card = "".join(payment_method.split()).replace("-", "")
        reference = "testpay_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        if card in DECLINES:
            code, message = DECLINES[card]
            return Charge(reference, False, amount, currency, code, message)
        if card not in TOKENS and not looks_like_card_number(card):
            return Charge(
                reference,
                False,
                amount,
                currency,
                "incorrect_number",
                "Your card number is incorrect.",
            )
        return Charge(reference, True, amount, currency)

    def find_charge(self, *, order_id: str) -> Charge | None:
        """None: an offline test charge answers at once and never raises, so an order
        left unsettled was never charged (its process stopped before asking)."""
        return None

    def refund(self, *, reference: str, amount: Decimal, idempotency_key: str) -> Refund:
        token = hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        return Refund("testre_" + token, amount, "succeeded")
