"""Builds the client of a connection's channel from its credentials and the settings."""

from __future__ import annotations

from bizq_app.core.errors import ValidationFailed
from bizq_app.core.queue import get_redis
from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels import ChannelClient, TokenSource
from bizq_app.integrations.channels.amazon import AmazonClient
from bizq_app.integrations.channels.ebay import EbayClient
from bizq_app.integrations.channels.etsy import EtsyClient
from bizq_app.integrations.channels.shopify import RedisBucket, ShopifyClient
from bizq_app.integrations.channels.tiktok import TikTokClient
from bizq_app.integrations.channels.tokens import SharedTokens
from bizq_app.integrations.channels.walmart import WalmartClient

CHANNELS = {
    "shopify": "Shopify",
    "amazon": "Amazon",
    "ebay": "eBay",
    "walmart": "Walmart",
    "tiktok_shop": "TikTok Shop",
    "etsy": "Etsy",
}
"""The channels BizQ connects to, by name, and what sellers call them."""


def client(
    channel: str,
    account: str,
    credentials: dict[str, str],
    tokens: TokenSource | None = None,
) -> ChannelClient:
    """A client for ``account`` (a Shopify shop's address, an Amazon seller id, an eBay
    user id, a Walmart client id, a TikTok or Etsy shop's name) on
    ``channel``; ``tokens`` is where a channel that signs in with a token (all but
    Shopify, whose access token does not expire) gets its access token: a connection's
    clients share one, with one refresh at a time (``tokens.SharedTokens``; eBay's
    application token beside it); without it, the client keeps its own.

    Raises:
        ValidationFailed: BizQ does not connect to that channel.
    """
    if channel == "shopify":
        return ShopifyClient(
            account,
            credentials["access_token"],
            base_url=get_settings().shopify_base_url,
            bucket=RedisBucket(get_redis(), account),
        )
    if channel == "amazon":
        return AmazonClient(
            account, credentials, base_url=get_settings().amazon_base_url, tokens=tokens
        )
    if channel == "ebay":
        return EbayClient(
            account,
            credentials,
            base_url=get_settings().ebay_base_url,
            tokens=tokens,
            app_tokens=tokens.beside("application") if isinstance(tokens, SharedTokens) else None,
        )
    if channel == "walmart":
        return WalmartClient(
            account, credentials, base_url=get_settings().walmart_base_url, tokens=tokens
        )
    if channel == "tiktok_shop":
        return TikTokClient(
            account,
            credentials,
            base_url=get_settings().tiktok_base_url,
            tokens=tokens,
        )
    if channel == "etsy":
        return EtsyClient(
            account, credentials, base_url=get_settings().etsy_base_url, tokens=tokens
        )
    raise ValidationFailed.field("$.channel", f"must be one of: {', '.join(CHANNELS)}")
