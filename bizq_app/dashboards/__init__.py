"""Dashboards: the owner's dashboard as data.

Owns UI templates (schema, validation, migrations, versions, the marketplace), the
component registry and its variants, editing, blocks and their figures, block actions,
the setup progress and the live-update listening. Offers other domains: ``templates``
(apply a template, the applied template's content, the stores that applied one).
"""
