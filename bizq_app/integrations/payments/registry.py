"""Which payment provider takes the money: a plain choice, made by settings."""

from __future__ import annotations

from bizq_app.core.settings import Settings, get_settings
from bizq_app.integrations.payments import PaymentProvider
from bizq_app.integrations.payments.stripe_adapter import StripePayments
from bizq_app.integrations.payments.test_payments import TestPayments


def payment_provider(settings: Settings | None = None) -> PaymentProvider:
    """Stripe when ``STRIPE_API_KEY`` is set, else BizQ's offline test payments."""
    settings = settings or get_settings()
    key = settings.stripe_api_key.get_secret_value() if settings.stripe_api_key else ""
    if not key:
        return TestPayments()
    return StripePayments(api_key=key, api_base=settings.stripe_api_base)
