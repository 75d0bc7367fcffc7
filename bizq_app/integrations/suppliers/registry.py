"""Which supplier adapters are available: a plain registry, chosen by settings."""

from __future__ import annotations

from bizq_app.core.settings import Settings, get_settings
from bizq_app.integrations.suppliers import SupplierCatalogSource
from bizq_app.integrations.suppliers.printful import PrintfulClient


def printful_client(settings: Settings | None = None) -> PrintfulClient | None:
    """A Printful client on the configured token, or None when no token is set."""
    settings = settings or get_settings()
    if settings.printful_api_token is None:
        return None
    return PrintfulClient(
        token=settings.printful_api_token.get_secret_value(),
        base_url=settings.printful_base_url,
    )


def catalog_sources(settings: Settings | None = None) -> dict[str, SupplierCatalogSource]:
    """Every configured supplier, by name; empty when none has credentials."""
    sources: dict[str, SupplierCatalogSource] = {}
    printful = printful_client(settings)
    if printful is not None:
        sources[printful.name] = printful
    return sources
