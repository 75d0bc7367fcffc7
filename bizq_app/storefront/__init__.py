"""Storefront: the public shop a buyer sees.

Owns the shop's pages' data (listings, one product with its variants) and the visit
events that measure conversion. Offers other domains: ``storefront_events`` (visitors,
conversion) for the dashboards.
"""
