"""Payments behind one interface: BizQ's offline test payments (the default, always in
test mode) or Stripe (``STRIPE_API_KEY``). Amounts are ``Decimal`` in the currency's
major unit; adapters convert at their edge."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Charge:
    """The outcome of one payment attempt."""

    reference: str  # the provider's id (a PaymentIntent id, testpay_...)
    succeeded: bool
    amount: Decimal
    currency: str
    decline_code: str | None = None  # card_declined, insufficient_funds, ...
    message: str = ""  # what to tell the buyer when it did not succeed
    # Not finished yet (Stripe's "processing"): neither paid nor declined; the provider's
    # webhook says later which it became.
    pending: bool = False


@dataclass(frozen=True)
class Refund:
    reference: str
    amount: Decimal
    status: str  # succeeded, pending, failed


class PaymentProvider(ABC):
    """A way to take and give back money."""

    name = ""
    label = ""  # as a timeline names it: "Payment confirmed by Stripe"
    test_mode = True

    @abstractmethod
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
        """Charge ``amount`` to ``payment_method`` once per ``idempotency_key``.

        Raises:
            IntegrationError (RateLimited, Unavailable): the provider could not be asked;
                a declined card is not an error (``Charge.succeeded`` is False).
        """

    @abstractmethod
    def find_charge(self, *, order_id: str) -> Charge | None:
        """What became of the payment made for ``order_id`` (sent as metadata with the
        charge), when the call that made it raised; None when the provider has none.

        Raises:
            IntegrationError: the provider could not be asked.
        """

    @abstractmethod
    def refund(self, *, reference: str, amount: Decimal, idempotency_key: str) -> Refund:
        """Give back ``amount`` of the charge ``reference`` once per ``idempotency_key``."""
