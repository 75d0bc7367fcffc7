"""Amazon's marketplaces: the Selling Partner API region that serves each, and its site.

SP-API answers a marketplace only on its own region's host
(``sellingpartnerapi-na``, ``-eu`` or ``-fe``; Login with Amazon is one global host),
as Amazon's *SP-API Endpoints* and *Marketplace IDs* pages list them.
"""

from __future__ import annotations

from bizq_app.core.errors import ValidationFailed

API = "https://sellingpartnerapi-{region}.amazon.com"
LOGIN = "https://api.amazon.com"

MARKETPLACES = {  # marketplace id → (SP-API region, Amazon's site)
    "A2EUQ1WTGCTBG2": ("na", "www.amazon.ca"),
    "ATVPDKIKX0DER": ("na", "www.amazon.com"),
    "A1AM78C64UM0Y8": ("na", "www.amazon.com.mx"),
    "A2Q3Y263D00KWC": ("na", "www.amazon.com.br"),
    "A28R8C7NBKEWEA": ("eu", "www.amazon.ie"),
    "A1RKKUPIHCS9HS": ("eu", "www.amazon.es"),
    "A1F83G8C2ARO7P": ("eu", "www.amazon.co.uk"),
    "A13V1IB3VIYZZH": ("eu", "www.amazon.fr"),
    "AMEN7PMS3EDWL": ("eu", "www.amazon.com.be"),
    "A1805IZSGTT6HS": ("eu", "www.amazon.nl"),
    "A1PA6795UKMFR9": ("eu", "www.amazon.de"),
    "APJ6JRA9NG5V4": ("eu", "www.amazon.it"),
    "A2NODRKZP88ZB9": ("eu", "www.amazon.se"),
    "AE08WJ6YKNBMC": ("eu", "www.amazon.co.za"),
    "A1C3SOZRARQ6R3": ("eu", "www.amazon.pl"),
    "ARBP9OOSHTCHU": ("eu", "www.amazon.eg"),
    "A33AVAJ2PDY3EV": ("eu", "www.amazon.com.tr"),
    "A17E79C6D8DWNP": ("eu", "www.amazon.sa"),
    "A2VIGQ35RCS4UG": ("eu", "www.amazon.ae"),
    "A21TJRUUN4KGV": ("eu", "www.amazon.in"),
    "A19VAU5U5O7RUS": ("fe", "www.amazon.sg"),
    "A39IBJ37TRP1C6": ("fe", "www.amazon.com.au"),
    "A1VC38T7YXB528": ("fe", "www.amazon.co.jp"),
}


def region_of(marketplace_id: str) -> str:
    """``na``, ``eu`` or ``fe``: the SP-API region serving the marketplace.

    Raises:
        ValidationFailed: Amazon has no such marketplace (``$.marketplace_id``).
    """
    if marketplace_id not in MARKETPLACES:
        raise ValidationFailed.field(
            "$.marketplace_id",
            "is not an Amazon marketplace id, like ATVPDKIKX0DER (Amazon.com), "
            "A1PA6795UKMFR9 (Amazon.de) or A1VC38T7YXB528 (Amazon.co.jp)",
        )
    return MARKETPLACES[marketplace_id][0]


def hosts(marketplace_id: str, base_url: str | None) -> tuple[str, str]:
    """The SP-API and Login with Amazon addresses for the marketplace: its region's host
    and the global login host, or ``base_url`` for both (``{region}`` in it becomes the
    region: ``https://sandbox.sellingpartnerapi-{region}.amazon.com``, a test server)."""
    region = region_of(marketplace_id)
    if base_url:
        url = base_url.replace("{region}", region).rstrip("/")
        return url, url
    return API.replace("{region}", region), LOGIN


def site_of(marketplace_id: str) -> str:
    """Amazon's site for the marketplace (``www.amazon.de``)."""
    return MARKETPLACES.get(marketplace_id, ("", "www.amazon.com"))[1]
