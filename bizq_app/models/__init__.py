"""SQLModel tables, one module per aggregate. Importing this registers them all."""

from bizq_app.models.ai import AIUsage, ProviderKey
from bizq_app.models.audit import AuditEvent
from bizq_app.models.credit_purchase import CreditPurchase, CreditPurchaseStatus
from bizq_app.models.ledger import AccountKind, LedgerEntry
from bizq_app.models.notification import Notification
from bizq_app.models.order import Customer, Order, OrderItem, OrderStatus, Refund
from bizq_app.models.product import Product, ProductStatus
from bizq_app.models.review import Review
from bizq_app.models.store import Role, Store, StoreMembership
from bizq_app.models.storefront import StorefrontEvent
from bizq_app.models.suggestion import Suggestion, SuggestionKind, SuggestionStatus
from bizq_app.models.supplier import Supplier
from bizq_app.models.task import RecurringTask, Task, TaskDefinition, TaskStatus
from bizq_app.models.template import UITemplate
from bizq_app.models.user import User
from bizq_app.models.worker import Worker, WorkerKind

__all__ = [
    "AIUsage",
    "ProviderKey",
    "AccountKind",
    "AuditEvent",
    "CreditPurchase",
    "CreditPurchaseStatus",
    "LedgerEntry",
    "Notification",
    "Customer",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Product",
    "ProductStatus",
    "RecurringTask",
    "Refund",
    "Review",
    "Role",
    "Store",
    "StoreMembership",
    "StorefrontEvent",
    "Suggestion",
    "SuggestionKind",
    "SuggestionStatus",
    "Supplier",
    "Task",
    "TaskDefinition",
    "TaskStatus",
    "UITemplate",
    "User",
    "Worker",
    "WorkerKind",
]
