"""BizQ configured for Stripe, with the SDK talking to the local Stripe stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.conftest import environment
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
    try:
        with environment(**settings):
            yield server
    finally:
        server.close()
