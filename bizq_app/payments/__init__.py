"""Payments: what the payment provider tells BizQ.

Owns the handling of Stripe events (orders and credit purchases paid, refunds) and the
webhook's once-only handling. Offers the REST adapter ``webhooks.handle_stripe_event``;
the provider itself lives in ``integrations.payments``.
"""
