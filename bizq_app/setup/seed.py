"""Bundled seed data, loaded on every start; loading twice changes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.catalog.models import Supplier
from bizq_app.core.settings import get_settings
from bizq_app.dashboards import templates
from bizq_app.data.suppliers import supplier_catalog
from bizq_app.tasks import task_definitions
from bizq_app.tasks.models import Worker

_DECIMAL_FIELDS = ("price_factor", "rating")


def load_seed(*, session: Session) -> dict[str, int]:
    """Insert the bundled rows that are missing; return how many were added per kind."""
    workers = _seed_workers(session, _bundled("workers.json"))
    _activate_configured_providers(session)
    definitions = task_definitions.sync_builtin_definitions(session=session)
    suppliers = _seed_suppliers(session)
    shipped = templates.sync_shipped_templates(session=session)
    return {
        "workers": workers,
        "task_definitions": definitions,
        "suppliers": suppliers,
        "templates": shipped,
    }


def _bundled(name: str) -> list[dict[str, Any]]:
    text = resources.files("bizq_app.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(text)
    return rows


def _activate_configured_providers(session: Session) -> None:
    """AI workers of a provider are active exactly when its key is configured."""
    settings = get_settings()
    keys = {"openai": settings.openai_api_key, "anthropic": settings.anthropic_api_key}
    for worker in session.exec(select(Worker).where(col(Worker.provider).in_(list(keys)))):
        worker.is_active = keys[str(worker.provider)] is not None
        session.add(worker)


def _seed_suppliers(session: Session) -> int:
    """The bundled supplier catalog's suppliers, so products can name theirs."""
    existing = set(session.exec(select(Supplier.external_id).where(Supplier.source == "bundled")))
    added = 0
    for item in supplier_catalog().suppliers:
        if item.id in existing:
            continue
        session.add(
            Supplier(
                name=item.name,
                kind=item.kind,
                source="bundled",
                external_id=item.id,
                website=item.website,
                categories=sorted({o.category for o in item.offers}),
                regions=list(item.regions),
                min_order_quantity=min(o.moq for o in item.offers),
                shipping_days_min=item.shipping_days_min,
                shipping_days_max=item.shipping_days_max,
                rating=item.rating,
                details={"platform": item.platform, "private_label": item.private_label},
            )
        )
        added += 1
    session.flush()
    return added


def _seed_workers(session: Session, rows: list[dict[str, Any]]) -> int:
    existing = set(session.exec(select(Worker.name)))
    added = 0
    for row in rows:
        if row["name"] in existing:
            continue
        values = {k: Decimal(v) if k in _DECIMAL_FIELDS else v for k, v in row.items()}
        session.add(Worker.model_validate(values))
        added += 1
    session.flush()
    return added
