"""Accounts: who may act on which store.

Owns users, stores, store memberships with their roles, and the audit trail.
Offers other domains: ``permissions.require`` (the one check that a user may act on a
store, returning the store), ``permissions.roles_with``, ``audit.record`` and its reads,
and ``lookups`` (a store or user by id without a permission check, live stores, the
store row lock that serialises a store's writers).
"""
