"""Bundled seed data, loaded on every start; loading twice changes nothing."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlmodel import Session

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.core.settings import get_settings
from bizq_app.dashboards import templates
from bizq_app.tasks import task_definitions, workers


def load_seed(*, session: Session) -> dict[str, int]:
    """Insert the bundled rows that are missing; return how many were added per kind."""
    added_workers = workers.sync_bundled_workers(session, _bundled("workers.json"))
    settings = get_settings()
    keys = {"openai": settings.openai_api_key, "anthropic": settings.anthropic_api_key}
    workers.activate_providers(session, {k: v is not None for k, v in keys.items()})
    definitions = task_definitions.sync_builtin_definitions(session=session)
    suppliers = catalog_lookups.sync_bundled_suppliers(session)
    shipped = templates.sync_shipped_templates(session=session)
    return {
        "workers": added_workers,
        "task_definitions": definitions,
        "suppliers": suppliers,
        "templates": shipped,
    }


def _bundled(name: str) -> list[dict[str, Any]]:
    text = resources.files("bizq_app.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(text)
    return rows
