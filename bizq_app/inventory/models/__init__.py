"""The inventory domain's tables."""

from bizq_app.inventory.models.movement import RETURNS, StockMovement, StockReason

__all__ = ["RETURNS", "StockMovement", "StockReason"]
