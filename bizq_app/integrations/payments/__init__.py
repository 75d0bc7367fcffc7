"""Payments behind one interface: BizQ's offline test payments (the default, always in
test mode) or Stripe (``STRIPE_API_KEY``). Amounts are ``Decimal`` in the currency's
major unit; adapters convert at their edge.

A provider whose ``hosted`` is True takes card details on its own page (Stripe
Checkout): BizQ starts a checkout there, sends the buyer to its address, and learns the
outcome from the buyer's return and the provider's webhook. Card numbers then never
reach BizQ. The offline test payments take a test card number in BizQ's own form.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from bizq_app.core.errors import ConfigurationError


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
    # A hosted payment page that closed unpaid (expired, or the buyer left it).
    expired: bool = False


@dataclass(frozen=True)
class CheckoutLine:
    """One line of a hosted checkout, as the payment page lists it."""

    title: str
    unit_amount: Decimal
    quantity: int


@dataclass(frozen=True)
class HostedCheckout:
    """A checkout started on the provider's payment page."""

    reference: str  # the provider's id of the checkout (a Checkout Session id)
    url: str  # where the buyer pays


@dataclass(frozen=True)
class CheckoutRequest:
    """What a hosted checkout sells, to whom, and where the buyer comes back to."""

    lines: tuple[CheckoutLine, ...]
    currency: str
    success_url: str  # ``{CHECKOUT_SESSION_ID}`` in it is replaced by the checkout's id
    cancel_url: str
    idempotency_key: str
    metadata: dict[str, str]
    expires_at: datetime
    shipping: Decimal = Decimal(0)
    customer_email: str = ""


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
    hosted = False  # True: buyers enter their card on the provider's page, never on BizQ's

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

    def start_checkout(self, request: CheckoutRequest) -> HostedCheckout:
        """Open a checkout on the provider's payment page (providers that are ``hosted``).

        Raises:
            ConfigurationError: this provider takes cards in BizQ's own form.
            IntegrationError: the provider could not be asked.
        """
        raise ConfigurationError(f"{self.label} has no payment page of its own.")

    def checkout_outcome(self, reference: str) -> Charge | None:
        """What became of a hosted checkout: its payment (succeeded, or still processing),
        a ``Charge`` that did not succeed once the checkout expired, or None while the
        buyer may still pay.

        Raises:
            IntegrationError: the provider could not be asked.
        """
        raise ConfigurationError(f"{self.label} has no payment page of its own.")

    def expire_checkout(self, reference: str) -> Charge | None:
        """Close a hosted checkout so it can no longer be paid; what became of it (its
        payment when the buyer paid just before, else an expired ``Charge``).

        Raises:
            IntegrationError: the provider could not be asked.
        """
        raise ConfigurationError(f"{self.label} has no payment page of its own.")
