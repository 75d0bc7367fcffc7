"""The catalog domain's tables: products, and the suppliers they name."""

from bizq_app.catalog.models.product import Product, ProductStatus
from bizq_app.catalog.models.supplier import Supplier

__all__ = ["Product", "ProductStatus", "Supplier"]
