"""Catalog: what a store sells.

Owns products (fields, variants, images, digital files, CSV import and export, listing
optimisation) and suppliers' records. Offers other domains: ``products`` (the seller's
own reads and writes, ``product_in_store``, ``register_in_use_check``) and ``lookups``
(a product or supplier by id, products on sale, products locked for a checkout, stock on
sale, the bundled suppliers' sync).
"""
