"""The billing domain's tables."""

from bizq_app.billing.models.credit_purchase import CreditPurchase, CreditPurchaseStatus
from bizq_app.billing.models.ledger import AccountKind, LedgerEntry

__all__ = ["AccountKind", "CreditPurchase", "CreditPurchaseStatus", "LedgerEntry"]
