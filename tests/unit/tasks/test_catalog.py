"""The built-in task catalog: complete, valid, strict."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import Session, select

from bizq_app.tasks.catalog import builtin_definitions
from bizq_app.tasks.models import TaskDefinition
from bizq_app.tasks.task_definitions import sync_builtin_definitions

SPEC_PRODUCT = [
    "product.research_trending",
    "product.create_listing",
    "product.optimize_seo",
    "product.competitor_analysis",
    "product.price_optimization",
    "product.bundle_creation",
    "product.seasonal_adjustment",
    "product.quality_validation",
    "product.sourcing_alternatives",
    "product.profit_analysis",
]
SPEC_MARKETING = [
    "marketing.create_campaign",
    "marketing.email_sequence",
    "marketing.social_content",
    "marketing.influencer_outreach",
    "marketing.ad_creative",
    "marketing.seo_audit",
    "marketing.competitor_monitoring",
    "marketing.review_generation",
    "marketing.referral_program",
    "marketing.retention_campaign",
]
SETUP = [
    "market.research",
    "market.research_niche",
    "supplier.find",
    "supplier.find_zero_moq",
    "product.generate_catalog",
    "brand.create_identity",
]
DEFINITIONS = {d["name"]: d for d in builtin_definitions()}


def test_the_catalog_has_the_spec_tasks_and_at_least_56_definitions() -> None:
    names = set(DEFINITIONS)

    assert len(DEFINITIONS) == len(builtin_definitions()) >= 56
    assert set(SPEC_PRODUCT + SPEC_MARKETING + SETUP) <= names
    for category in ("customer", "finance", "operations", "growth"):
        assert sum(n.startswith(f"{category}.") for n in names) >= 5
    assert (
        sum(n.split(".")[0] in ("customer", "finance", "operations", "growth") for n in names) >= 30
    )


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [schema] if schema.get("type") == "object" else []
    for child in schema.get("properties", {}).values():
        found += _objects(child)
    if isinstance(schema.get("items"), dict):
        found += _objects(schema["items"])
    return found


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_each_definition_has_valid_strict_schemas(name: str) -> None:
    definition = DEFINITIONS[name]

    Draft202012Validator.check_schema(definition["input_schema"])
    Draft202012Validator.check_schema(definition["output_schema"])
    assert definition["category"] == name.split(".")[0]
    for obj in _objects(definition["output_schema"]):  # strict: what AI providers require
        assert obj["additionalProperties"] is False
        assert set(obj["required"]) == set(obj["properties"])
    assert set(definition["worker_requirements"]) <= {"ai", "human", "expert"}


def test_syncing_the_catalog_twice_changes_nothing_the_second_time(session: Session) -> None:
    first = sync_builtin_definitions(session=session)
    second = sync_builtin_definitions(session=session)

    assert first == len(DEFINITIONS)
    assert second == 0
    stored = session.exec(
        select(TaskDefinition).where(TaskDefinition.name == "product.price_optimization")
    ).one()
    assert stored.is_builtin and stored.requires_approval
    assert stored.input_schema == DEFINITIONS["product.price_optimization"]["input_schema"]
