"""BizQ configured for Stripe, with the SDK talking to the local Stripe stand-in."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bizq_app.core.settings import get_settings
from tests.standins.stripe_server import API_KEY, StripeStandIn
from tests.unit.integrations.test_stripe_payments import SECRET


@pytest.fixture
def stripe_api() -> Iterator[StripeStandIn]:
    """BizQ configured for Stripe: the SDK talks to the stand-in, webhooks use SECRET."""
    server = StripeStandIn()
    settings = {
        "STRIPE_API_KEY": API_KEY,
        "BIZQ_STRIPE_API_BASE": server.url,
        "STRIPE_WEBHOOK_SECRET": SECRET,
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    get_settings.cache_clear()
    try:
        yield server
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        server.close()
