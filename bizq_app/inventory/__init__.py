"""Inventory: how many units a store can sell.

Owns the stock rules: levels per product and per variant, taking and putting back units,
and the ``inventory.low`` event when a level falls to ``LOW_STOCK`` or under. It works on
any row of the ``stock.Product`` protocol's shape, so it needs no other domain's tables.
Offers other domains: ``stock`` (available, take, put_back, label, price).
"""
