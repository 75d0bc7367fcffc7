"""Stripe's webhooks: check the ``Stripe-Signature`` header before trusting a body.

Stripe signs each delivery with the endpoint's secret (``whsec_...``): the header
reads ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``. The official
SDK checks the signature and the timestamp; this module turns its verdict into
BizQ's errors and hands back the event as a plain dict.
"""

from __future__ import annotations

import json
from typing import Any

import stripe

from bizq_app.core.errors import ConfigurationError, ValidationFailed

DEFAULT_TOLERANCE = 300  # seconds; Stripe's own default


def verify(
    payload: bytes, signature_header: str, secret: str, tolerance: int = DEFAULT_TOLERANCE
) -> dict[str, Any]:
    """The event in ``payload`` once its signature and age check out.

    Args:
        payload: the request body exactly as received (not re-serialised JSON).
        signature_header: the ``Stripe-Signature`` header.
        secret: the endpoint's signing secret (``STRIPE_WEBHOOK_SECRET``).
        tolerance: how old, in seconds, a delivery may be; 0 accepts any age.

    Raises:
        ConfigurationError: no signing secret is configured.
        ValidationFailed: the signature is missing or wrong, the timestamp is too
            old, or the body is not a Stripe event.
    """
    if not secret:
        raise ConfigurationError("STRIPE_WEBHOOK_SECRET is not set, so webhooks can't be verified.")
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, tolerance)
    except stripe.SignatureVerificationError as err:
        raise ValidationFailed(f"Stripe webhook rejected: {err.user_message}") from err
    except UnicodeDecodeError as err:
        raise ValidationFailed("Stripe webhook rejected: the body is not UTF-8.") from err
    return _event(payload)


def _event(payload: bytes) -> dict[str, Any]:
    try:
        event = json.loads(payload)
    except json.JSONDecodeError as err:
        raise ValidationFailed("Stripe webhook rejected: the body is not JSON.") from err
    if not (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
    ):
        raise ValidationFailed("Stripe webhook rejected: the body is not a Stripe event.")
    return event
