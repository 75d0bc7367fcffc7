"""The accounts domain's tables."""

from bizq_app.accounts.models.audit import AuditEvent
from bizq_app.accounts.models.login_session import LoginSession
from bizq_app.accounts.models.store import Role, Store, StoreMembership
from bizq_app.accounts.models.user import User

__all__ = ["AuditEvent", "LoginSession", "Role", "Store", "StoreMembership", "User"]
