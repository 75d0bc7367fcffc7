"""The sales domain's tables."""

from bizq_app.sales.models.fulfilment import Fulfilment, FulfilmentStatus
from bizq_app.sales.models.notification import Notification
from bizq_app.sales.models.order import (
    CANCELLABLE,
    CLOSED,
    FULFILLABLE,
    OPEN,
    REFUNDABLE,
    SOLD,
    Customer,
    Order,
    OrderCounter,
    OrderItem,
    OrderStatus,
    Refund,
)
from bizq_app.sales.models.review import Review

__all__ = [
    "CANCELLABLE",
    "CLOSED",
    "FULFILLABLE",
    "OPEN",
    "REFUNDABLE",
    "SOLD",
    "Customer",
    "Fulfilment",
    "FulfilmentStatus",
    "Notification",
    "Order",
    "OrderCounter",
    "OrderItem",
    "OrderStatus",
    "Refund",
    "Review",
]
