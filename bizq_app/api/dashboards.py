"""``/api/templates``, ``/api/stores/{id}/template`` and ``/api/components``: dashboard
templates, their schema, and the component registry."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.api.schemas import Body, PageOut
from bizq_app.automations import automation_rules, automations
from bizq_app.dashboards import component_variants, components, template_market, templates
from bizq_app.dashboards.components import Component
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_schema import template_json_schema

router = APIRouter(tags=["templates"])


class PublishIn(Body):
    store_id: uuid.UUID
    price: str = "0"


class TemplateIn(Body):
    store_id: uuid.UUID
    template: dict[str, Any]


class StoreIn(Body):
    store_id: uuid.UUID


class ApplyIn(StoreIn):
    # the ids of the automation rules of a bought template to keep; required when the
    # template carries rules ([] for none)
    accept_rules: list[str] | None = Field(default=None, max_length=100)


class RuleOfferOut(BaseModel):
    id: str
    when: str
    task_type: str
    task_title: str
    cost_per_run: str
    most_per_day: str | None


class VariantIn(Body):
    store_id: uuid.UUID
    name: str
    base: str
    props: dict[str, Any] = {}
    description: str = ""


class TemplateOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID | None
    name: str
    category: str
    version: int
    schema_version: int
    is_active: bool
    is_public: bool
    price: Decimal = Field(description="Credits another store pays to apply it")
    applications: int
    created_at: datetime
    content: dict[str, Any]

    @classmethod
    def of(cls, row: UITemplate) -> TemplateOut:
        return cls.model_validate(row, from_attributes=True)


class BlockOutlineOut(BaseModel):
    label: str
    component: str
    category: str
    column: str = Field(description="Its place on the desktop grid, as CSS grid lines")
    row: str


class ListingOut(BaseModel):
    """A template as the marketplace shows it: what a buyer needs to choose, not its
    document (that comes with the copy applying it brings into the store)."""

    id: uuid.UUID
    name: str
    category: str
    description: str
    version: int
    price: Decimal = Field(description="Credits another store pays to apply it")
    applications: int
    created_at: datetime
    blocks: list[BlockOutlineOut]
    rules: int = Field(description="Automation rules it carries, each accepted or not")

    @classmethod
    def of(cls, listing: template_market.Listing) -> ListingOut:
        blocks = [BlockOutlineOut(**b) for b in listing.blocks]
        return cls(**{**vars(listing), "blocks": blocks})


class ComponentOut(BaseModel):
    name: str
    category: str
    description: str
    props_schema: dict[str, Any]
    default_size: tuple[int, int]
    data: str | None
    base: str | None
    preset: dict[str, Any]

    @classmethod
    def of(cls, component: Component) -> ComponentOut:
        return cls(**{**component.__dict__, "preset": dict(component.preset)})


@router.get("/templates/schema")
def template_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) every template document follows."""
    return template_json_schema()


@router.get("/templates")
def list_templates(
    store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> PageOut[TemplateOut]:
    """The shipped templates and every version of the store's own."""
    rows = templates.list_templates(session=session, user_id=user.id, store_id=store_id)
    items = [TemplateOut.of(r) for r in rows]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.post("/templates", status_code=status.HTTP_201_CREATED)
def save_template(body: TemplateIn, user: CurrentUser, session: SessionDep) -> TemplateOut:
    """Save a template as the next version of its name; every problem is listed by path."""
    row = templates.save_template(
        session=session, user_id=user.id, store_id=body.store_id, document=body.template
    )
    return TemplateOut.of(row)


@router.post("/templates/{template_id}/apply")
def apply_template(
    template_id: uuid.UUID, body: ApplyIn, user: CurrentUser, session: SessionDep
) -> TemplateOut:
    """Make the template the store's one active template (another store's published
    template is copied in, its price paid to its author, and of its automation rules
    only those in ``accept_rules``)."""
    row = template_market.apply_published(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        template_id=template_id,
        accept_rules=body.accept_rules,
    )
    return TemplateOut.of(row)


@router.get("/templates/{template_id}/rules")
def template_rules(
    template_id: uuid.UUID, store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[RuleOfferOut]:
    """The automation rules a marketplace template would bring: the task each starts,
    what a run costs and the most a schedule may spend per day."""
    found = template_market.rule_offers(
        session=session, user_id=user.id, store_id=store_id, template_id=template_id
    )
    return [
        RuleOfferOut(
            id=o.id,
            when=o.when,
            task_type=o.task_type,
            task_title=o.task_title,
            cost_per_run=str(o.cost_per_run),
            most_per_day=None if o.most_per_day is None else str(o.most_per_day),
        )
        for o in found
    ]


@router.post("/templates/{template_id}/publish")
def publish_template(
    template_id: uuid.UUID, body: PublishIn, user: CurrentUser, session: SessionDep
) -> TemplateOut:
    """List one of the store's templates in the marketplace at a price (0–100 credits)."""
    row = template_market.publish(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        template_id=template_id,
        price=body.price,
    )
    return TemplateOut.of(row)


@router.get("/templates/marketplace")
def marketplace(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> PageOut[ListingOut]:
    """Templates other stores published, most applied first: each one's name, description,
    blocks, price and applications (its document comes only with applying it)."""
    found = template_market.browse(session=session, user_id=user.id, store_id=store_id)
    items = [ListingOut.of(listing) for listing in found]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.get("/templates/{template_id}/preview")
def preview_template(
    template_id: uuid.UUID, store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> ListingOut:
    """A published (or shipped, or the store's own) template as a buyer sees it before
    applying it."""
    listing = template_market.preview(
        session=session, user_id=user.id, store_id=store_id, template_id=template_id
    )
    return ListingOut.of(listing)


@router.post("/templates/{template_id}/restore")
def restore_version(
    template_id: uuid.UUID, body: StoreIn, user: CurrentUser, session: SessionDep
) -> TemplateOut:
    """Bring an earlier version back as the newest one, and make it active."""
    row = templates.restore_version(
        session=session, user_id=user.id, store_id=body.store_id, template_id=template_id
    )
    return TemplateOut.of(row)


@router.get("/stores/{store_id}/template")
def active_template(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TemplateOut:
    """The store's active template (the starter template until one is applied)."""
    row = templates.active_template(session=session, user_id=user.id, store_id=store_id)
    return TemplateOut.of(row)


@router.get("/components/available")
def available_components(
    user: CurrentUser, session: SessionDep, store_id: uuid.UUID | None = None
) -> list[ComponentOut]:
    """The built-in components, and with ``store_id`` that store's registered variants."""
    found = components.available()
    if store_id is not None:
        found += component_variants.list_variants(
            session=session, user_id=user.id, store_id=store_id
        )
    return [ComponentOut.of(c) for c in found]


@router.post("/components/register", status_code=status.HTTP_201_CREATED)
def register_component(body: VariantIn, user: CurrentUser, session: SessionDep) -> ComponentOut:
    """Register a named preset of a built-in component's props for the store."""
    variant = component_variants.register_variant(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        name=body.name,
        base=body.base,
        props=body.props,
        description=body.description,
    )
    return ComponentOut.of(variant)


@router.get("/stores/{store_id}/automations/log")
def automation_log(
    store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> PageOut[dict[str, Any]]:
    """The store's recent rule firings (with the task each started) and failures (with why)."""
    items = [vars(f) for f in automations.log(session=session, user_id=user.id, store_id=store_id)]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


class RulesOut(Body):
    """The applied template's rules after a change (and the version that holds them)."""

    template_id: uuid.UUID
    version: int
    automations: list[dict[str, Any]]

    @classmethod
    def of(cls, row: UITemplate) -> RulesOut:
        return cls(template_id=row.id, version=row.version, automations=row.content["automations"])


@router.get("/stores/{store_id}/automations")
def list_rules(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> list[dict[str, Any]]:
    """The automation rules of the store's applied template."""
    return automation_rules.rules(session=session, user_id=user.id, store_id=store_id)


@router.post("/stores/{store_id}/automations", status_code=status.HTTP_201_CREATED)
def add_rule(
    store_id: uuid.UUID, rule: dict[str, Any], user: CurrentUser, session: SessionDep
) -> RulesOut:
    """Add a rule (template rule format); the template is saved as a new version and
    applied. Problems come back with paths inside the rule."""
    row = automation_rules.save_rule(session=session, user_id=user.id, store_id=store_id, rule=rule)
    return RulesOut.of(row)


@router.put("/stores/{store_id}/automations/{rule_id}")
def replace_rule(
    store_id: uuid.UUID,
    rule_id: str,
    rule: dict[str, Any],
    user: CurrentUser,
    session: SessionDep,
) -> RulesOut:
    """Replace one rule in place."""
    row = automation_rules.save_rule(
        session=session, user_id=user.id, store_id=store_id, rule=rule, replaces=rule_id
    )
    return RulesOut.of(row)


@router.delete("/stores/{store_id}/automations/{rule_id}")
def delete_rule(
    store_id: uuid.UUID, rule_id: str, user: CurrentUser, session: SessionDep
) -> RulesOut:
    """Remove one rule."""
    row = automation_rules.delete_rule(
        session=session, user_id=user.id, store_id=store_id, rule_id=rule_id
    )
    return RulesOut.of(row)
