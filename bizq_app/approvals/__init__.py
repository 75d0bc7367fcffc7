"""Approvals: everything waiting for the owner's decision, in one list.

Owns no table: it gathers tasks awaiting review and open suggestions and decides them
one by one or in bulk through the owning domains. Offers the adapters ``approvals``
(waiting, decide).
"""
