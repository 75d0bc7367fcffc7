"""Sourcing: where a store's goods come from.

Owns supplier search and ranking over the bundled catalog and live suppliers, and the
suggestions BizQ makes from sales (reorder, MOQ ladder, price). Offers the domains above
``sourcing`` (search, bulk_alternatives) and ``suggestions`` (open suggestions, approve,
reject).
"""
