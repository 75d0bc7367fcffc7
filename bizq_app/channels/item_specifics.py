"""What a channel must be told about a product before it lists it, asked of the seller.

eBay lists a product only with every item specific its category requires (Taxonomy API
``getItemAspectsForCategory``); ``publishing`` sends the ones the seller gives as
``aspects``, and eBay's client refuses, naming each, one that is missing. ``required``
says which to ask for on the publish form, with the values eBay lists for each. A
product's variant options are sent as item specifics too, so an aspect every variant
names is not asked for. The other channels want none.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import cast

from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, listings
from bizq_app.core.db import OpenSession
from bizq_app.integrations.channels import ListingDraft, VariantDraft, ebay
from bizq_app.integrations.channels.ebay_aspects import ItemSpecific

ASKING = ("ebay",)  # the channels that want item specifics at publish


def required(
    *, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID, product_id: object
) -> tuple[ItemSpecific, ...]:
    """The item specifics the connection's channel requires to list the product that the
    product does not give itself (none for a channel that asks for none).

    Raises:
        NotFound: no such connection, or product in its store. PermissionDenied: the
            user may not run the connection's store.
        ValidationFailed: the product is not on sale. IntegrationError: the channel did
            not answer, or answered what BizQ does not understand.
    """
    with open_session() as session:
        credentials = connections.read(session, user_id, connection_id, Permission.OPERATE)
        if credentials.channel not in ASKING:
            return ()
        product = listings.listable_product(session, credentials.store_id, product_id)
        draft = _asked_about(product.title, listings.skus(product))
    client = credentials.client()
    try:
        found = cast(ebay.EbayClient, client).item_specifics(draft)
    finally:
        client.close()
    return tuple(a for a in found if a.required and not _every_variant_names(draft, a.name))


def _asked_about(title: str, skus: dict[str, dict[str, str]]) -> ListingDraft:
    """What the channel is asked about: the title and each SKU with its options (no price
    or quantity: nothing is listed)."""
    variants = tuple(VariantDraft(sku, Decimal(0), None, options) for sku, options in skus.items())
    return ListingDraft(title=title, description="", variants=variants)


def _every_variant_names(draft: ListingDraft, name: str) -> bool:
    return all(any(k.casefold() == name.casefold() for k in v.options) for v in draft.variants)
