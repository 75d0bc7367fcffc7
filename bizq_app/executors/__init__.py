"""Executors: one function per task type, producing output for its output schema.

An executor receives the run (its own task's input and, in a chain, the
previous step's output) and returns a dict; it never receives a database
session. Task types BizQ's rules cannot honestly do get a template-based
draft from their input, flagged for the owner's review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bizq_app.core.errors import FieldError
from bizq_app.core.schemas import errors_against
from bizq_app.core.settings import Settings
from bizq_app.executors import (
    brand,
    bundles,
    cashflow,
    catalog,
    channel_expansion,
    complaints,
    drafts,
    expenses,
    growth,
    listing,
    market,
    merchandising,
    operations,
    outreach,
    pricing,
    profits,
    returns,
    reviews,
    savings,
    seasons,
    sentiment,
    shipping,
    sourcing,
    stock,
    support,
    trending,
    working_capital,
)
from bizq_app.executors.store_data import StoreData
from bizq_app.integrations.ai import Completion, Prompt, Usage, registry
from bizq_app.integrations.ai.registry import AI_PROVIDERS
from bizq_app.tasks.task_runs import Run

Executor = Callable[[Run, StoreData], dict[str, Any]]

REGISTRY: dict[str, Executor] = {
    "customer.analyze_review_sentiment": sentiment.analyze_reviews,
    "product.price_optimization": pricing.optimize_price,
    "operations.check_stock_levels": stock.check_stock,
    "finance.forecast_cash_flow": cashflow.forecast_cash,
    "product.profit_analysis": profits.product_profit,
    "finance.analyze_profit": profits.store_profit,
    "growth.suggest_bundles": bundles.suggest_bundles,
    "product.optimize_seo": listing.optimize_seo,
    "product.optimize_listing": listing.optimize_listing,
    "supplier.find": sourcing.find_suppliers,
    "supplier.find_zero_moq": sourcing.find_zero_moq,
    "product.sourcing_alternatives": sourcing.sourcing_alternatives,
    "growth.plan_supplier_transition": sourcing.plan_supplier_transition,
    "market.research_niche": market.research_niche,
    "market.research": market.research_market,
    "product.research_trending": trending.research_trending,
    "brand.create_identity": brand.create_identity,
    "product.generate_catalog": catalog.generate_catalog,
    "customer.answer_inquiry": support.answer_inquiry,
    "customer.respond_to_review": reviews.respond_to_review,
    "customer.handle_complaint": complaints.handle_complaint,
    "customer.process_return": returns.process_return,
    "customer.win_back": outreach.win_back,
    "marketing.review_generation": outreach.request_reviews,
    "operations.reorder_stock": operations.reorder_stock,
    "operations.forecast_demand": operations.forecast_demand,
    "operations.optimize_shipping_rates": shipping.optimize_shipping_rates,
    "operations.create_shipping_label": shipping.create_shipping_label,
    "product.bundle_creation": merchandising.bundle_creation,
    "product.quality_validation": merchandising.quality_validation,
    "product.seasonal_adjustment": seasons.seasonal_adjustment,
    "growth.plan_referral_program": growth.plan_referral_program,
    "growth.plan_channel_expansion": channel_expansion.plan_channel_expansion,
    "finance.categorize_expenses": expenses.categorize_expenses,
    "finance.find_savings": savings.find_savings,
    "finance.optimize_cash_flow": working_capital.optimize_cash_flow,
}


STORE_FREE = frozenset(  # work from the input (and bundled data) alone
    {
        "customer.analyze_review_sentiment",
        "supplier.find",
        "supplier.find_zero_moq",
        "market.research_niche",
        "market.research",
        "product.research_trending",
        "brand.create_identity",
        "product.generate_catalog",
        "customer.answer_inquiry",
        "customer.respond_to_review",
        "customer.handle_complaint",
        "customer.process_return",
        "customer.win_back",
        "marketing.review_generation",
        "operations.optimize_shipping_rates",
        "operations.create_shipping_label",
        "growth.plan_referral_program",
        "finance.categorize_expenses",
        "finance.find_savings",
        "finance.optimize_cash_flow",
    }
)


def reads_store(task_type: str) -> bool:
    """Whether BizQ's rules for ``task_type`` read the store's data."""
    return task_type in REGISTRY and task_type not in STORE_FREE


@dataclass(frozen=True)
class Result:
    """An executor's output, and why the owner must look at it first (if they must)."""

    output: dict[str, Any]
    review_note: str | None = None
    usage: Usage | None = None  # what an AI provider's tokens cost
    model: str | None = None


def execute(
    run: Run,
    data: StoreData | None = None,
    settings: Settings | None = None,
    credentials: tuple[str, str] | None = None,
) -> Result:
    """Do one run: on the matched AI provider (with the store's own ``credentials`` — key
    and model — when it saved some), or with BizQ's offline rules reading ``data``.

    Raises:
        IntegrationError (RateLimited, Unavailable, OutputInvalid): the provider failed.
    """
    if run.provider in AI_PROVIDERS:
        completion = _with_provider(run, settings, credentials)
        return Result(completion.output, usage=completion.usage, model=completion.model)
    executor = REGISTRY.get(run.type)
    if executor is None:
        return Result(drafts.draft(run), review_note=drafts.DRAFT_NOTE)
    if data is None:
        raise ValueError("BizQ's rules read the store: pass its StoreData")
    return Result(executor(run, data))


INSTRUCTIONS = (
    "You are a worker on BizQ, doing one task for a small online store. Task: {brief}\n"
    "The user message holds the task's input as JSON (and, in a chain, the previous step's "
    "output). Answer only with output that matches the required schema; base every value "
    "on the input, and never invent facts about the store."
)


def _with_provider(
    run: Run, settings: Settings | None, credentials: tuple[str, str] | None
) -> Completion:
    def validate(output: object) -> list[FieldError]:
        return errors_against(run.output_schema, output, root="$.output")

    api_key, model = credentials if credentials else (None, run.model)
    ai = registry.provider(str(run.provider), model, validate, settings, api_key=api_key)
    context: dict[str, Any] = {"task": run.type, "input": run.input}
    if run.previous_output is not None:
        context["previous_step_output"] = run.previous_output
    prompt = Prompt(
        instructions=INSTRUCTIONS.format(brief=run.brief),
        context=context,
        output_schema=run.output_schema,
        schema_name=run.type.replace(".", "_"),
    )
    return ai.complete(prompt)
