"""Suppliers from BizQ's bundled catalog: find them, compare them, plan a move to bulk.

All four executors call ``services.sourcing``; the first two work from the task's
input alone, the last two read the product from the store.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bizq_app.core.money import CENT, format_amount
from bizq_app.data.suppliers import Supplier, supplier_catalog
from bizq_app.executors.store_data import StoreData
from bizq_app.sourcing import sourcing
from bizq_app.sourcing.sourcing import BulkOption, RankedOffer
from bizq_app.tasks.task_runs import Run

GOOD_PART = Decimal("0.6")  # a score part earning this share of its points is a strength
FULFILMENT = {"print_on_demand": "print_on_demand", "dropship": "dropship", "zero_moq": "dropship"}
STAGES = {"zero_moq": "stay_zero_moq", "low_moq": "low_moq", "bulk": "bulk"}
STAGE_WORDS = {
    "zero_moq": "a cheaper no-minimum supplier",
    "low_moq": "a low minimum order",
    "bulk": "bulk orders",
}
PRIORITIES: dict[str, Callable[[RankedOffer], tuple[Any, ...]]] = {
    "lower_cost": lambda r: (r.tier.unit_cost, -r.score, r.supplier.name),
    "faster_shipping": lambda r: (r.supplier.shipping_days_max, -r.score, r.supplier.name),
    "higher_quality": lambda r: (-r.supplier.rating, -r.score, r.supplier.name),
    "lower_moq": lambda r: (r.tier.min_qty, -r.score, r.supplier.name),
}
KIND_NOTES = {
    "zero_moq": "made and shipped one order at a time under your label",
    "print_on_demand": "printed to order: print quality depends on your artwork",
    "dropship": "shipped from the supplier's warehouse as sold",
    "wholesale": "ready-made stock you hold and ship yourself",
    "manufacturer": "made to your specification in batches",
}


def find_suppliers(run: Run, data: StoreData) -> dict[str, Any]:
    """Suppliers for a product type within the owner's budget, minimum order and kinds."""
    query = str(run.input.get("product_type") or "")
    limits: dict[str, Any] = {
        "budget": _decimal(run.input.get("budget")),
        "max_moq": run.input.get("max_moq"),
        "ship_to": _ship_to(run),
        "kinds": tuple(run.input.get("supplier_types") or ()),
    }
    found = sourcing.search(
        query=query, limit=run.input.get("count", 5), one_per_supplier=True, **limits
    )
    return {
        "suppliers": [_supplier_row(r) for r in found],
        "recommendation": _recommend(found, query) or _nothing_found(query, limits),
        "search_notes": _search_notes(query, limits),
    }


def find_zero_moq(run: Run, data: StoreData) -> dict[str, Any]:
    """Suppliers that ship one unit at a time: zero-MOQ, dropship and print-on-demand."""
    category = run.input.get("category", "other")
    query = str(run.input.get("product_type") or "")
    if category != "other":
        query = f"{query} {category.replace('_', ' ')}"
    limits: dict[str, Any] = {
        "max_moq": 1,
        "ship_to": _ship_to(run),
        "private_label": True if run.input.get("private_label", True) else None,
    }
    found = sourcing.search(
        query=query, limit=run.input.get("count", 5), one_per_supplier=True, **limits
    )
    return {
        "suppliers": [_zero_moq_row(r) for r in found],
        "recommendation": _recommend(found, query) or _nothing_found(query, limits),
    }


def sourcing_alternatives(run: Run, data: StoreData) -> dict[str, Any]:
    """Other suppliers for one of the store's products, ordered by the owner's priority."""
    product = data.product(run.input["product_id"])
    priority = run.input.get("priority", "lower_cost")
    limits: dict[str, Any] = {"max_moq": run.input.get("max_moq"), "ship_to": _ship_to(run)}
    price = product.price if product.price > 0 else None
    found = sourcing.search(query=product.title, target_price=price, limit=200, **limits)
    same = [r for r in found if r.match >= sourcing.SAME_PRODUCT]
    best = sorted(same, key=PRIORITIES.get(priority, PRIORITIES["lower_cost"]))[:5]
    cost = product.cost if product.cost > 0 else None
    return {
        "current_unit_cost": _number(cost) if cost is not None else None,
        "alternatives": [_alternative(r) for r in best],
        "recommendation": _alternatives_advice(product.title, cost, priority, best, limits),
    }


def plan_supplier_transition(run: Run, data: StoreData) -> dict[str, Any]:
    """Whether sales carry a low-MOQ or bulk order, what it costs up front and saves."""
    product = data.product(run.input["product_id"])
    monthly = int(run.input["monthly_units_sold"])
    current = Decimal(str(run.input["current_unit_cost"]))
    cash = _decimal(run.input.get("cash_available"))
    options = sourcing.bulk_alternatives(
        product_title=product.title, current_unit_cost=current, monthly_units=monthly
    )
    affordable = [o for o in options if cash is None or o.upfront_cash <= cash]
    if not affordable:
        return _stay(product.title, monthly, current, options, cash)
    best = affordable[0]
    payback = best.upfront_cash / best.monthly_saving
    return {
        "recommended_stage": STAGES[best.stage],
        "target_unit_cost": _number(best.tier.unit_cost),
        "order_quantity": best.order_quantity,
        "upfront_cash_needed": _number(best.upfront_cash),
        "monthly_savings": _number(best.monthly_saving),
        "payback_months": float(payback.quantize(CENT)),
        "risks": _risks(best, monthly, cash),
        "steps": _steps(best),
        "rationale": _move_rationale(product.title, monthly, current, run, best),
    }


def _supplier_row(found: RankedOffer) -> dict[str, Any]:
    supplier = found.supplier
    pros = [f"Offers {found.offer.product} at {format_amount(found.tier.unit_cost)} a unit"]
    cons = [] if supplier.private_label else ["Sells unbranded: no private label"]
    for part in found.parts:
        good = part.points >= GOOD_PART * part.weight
        (pros if good else cons).append(part.text)
    return {
        "name": supplier.name,
        "supplier_type": supplier.kind,
        "platform": f"{supplier.platform} ({supplier.website})",
        "product_categories": sorted({o.category.replace("_", " ") for o in supplier.offers}),
        "moq": found.tier.min_qty,
        "unit_cost_estimate": _number(found.tier.unit_cost),
        "shipping_days_estimate": supplier.shipping_days_max,
        "offers_private_label": supplier.private_label,
        "pros": pros,
        "cons": cons,
        "fit_score": found.score,
    }


def _zero_moq_row(found: RankedOffer) -> dict[str, Any]:
    supplier = found.supplier
    fee = supplier.setup_fee
    period = "a month" if supplier.setup_fee_period == "monthly" else "setup fee"
    plan = f"{format_amount(fee)} {period}" if fee else "no plan fee"
    notes = (
        f"{found.offer.product} at {format_amount(found.tier.unit_cost)} a unit; "
        f"{plan}; delivery in {supplier.shipping_days_min}–"
        f"{supplier.shipping_days_max} days. "
        f"Order a sample and confirm the price and delivery time before listing."
    )
    return {
        "name": supplier.name,
        "category": found.offer.category.replace("_", " "),
        "fulfilment": FULFILMENT.get(supplier.kind, "ship_to_store"),
        "unit_cost_estimate": _number(found.tier.unit_cost),
        "setup_fee": _number(fee) if fee else None,
        "shipping_days_estimate": supplier.shipping_days_max,
        "private_label": supplier.private_label,
        "integrations": list(supplier.integrations),
        "notes": notes,
    }


def _alternative(found: RankedOffer) -> dict[str, Any]:
    supplier = found.supplier
    label = "can brand it for you" if supplier.private_label else "unbranded"
    return {
        "supplier_name": supplier.name,
        "supplier_type": supplier.kind,
        "unit_cost": _number(found.tier.unit_cost),
        "moq": found.tier.min_qty,
        "shipping_days": supplier.shipping_days_max,
        "quality_notes": f"{found.offer.product}: rated {supplier.rating}/5; {label}; "
        f"{KIND_NOTES[supplier.kind]}. Order a sample first.",
        "estimated_margin_percent": float(found.margin_percent),
    }


def _recommend(found: list[RankedOffer], query: str) -> str:
    if not found:
        return ""
    top = found[0]
    strengths = sorted(top.parts, key=lambda p: -p.points / p.weight)[:2]
    why = "; ".join(p.text for p in strengths)
    return (
        f"Start with {_where(top.supplier)} for {top.offer.product}"
        f"{f' (you asked for {query.strip()!r})' if query.strip() else ''}: fit "
        f"{top.score}/100. {why}. Order a sample and confirm today's price before you list it."
    )


def _nothing_found(query: str, limits: dict[str, Any]) -> str:
    wanted = f"'{query.strip()}'" if query.strip() else "any product"
    looser = sourcing.search(query=query, ship_to=limits["ship_to"], limit=200)
    if not looser:
        return (
            f"Nothing in BizQ's supplier catalog matches {wanted} shipping to "
            f"{sourcing.country_code(limits['ship_to'])}. Try broader words (e.g. 'candle', "
            f"'t-shirt', 'dog harness') or ask for a market search."
        )
    near = min(looser, key=lambda r: (r.first_order_cost, -r.score, r.supplier.name))
    return (
        f"No supplier for {wanted} fits all your limits ({_limits_text(limits)}). The "
        f"cheapest start is {near.supplier.name}: {near.offer.product}, minimum order "
        f"{near.tier.min_qty}, first order {format_amount(near.first_order_cost)}."
    )


def _limits_text(limits: dict[str, Any]) -> str:
    parts = [f"ship to {limits['ship_to']}"]
    if limits.get("budget") is not None:
        parts.append(f"budget {format_amount(limits['budget'])}")
    if limits.get("max_moq") is not None:
        parts.append(f"minimum order at most {max(limits['max_moq'], 1)}")
    if limits.get("kinds"):
        parts.append("only " + ", ".join(k.replace("_", " ") for k in limits["kinds"]))
    if limits.get("private_label"):
        parts.append("private label only")
    return "; ".join(parts)


def _search_notes(query: str, limits: dict[str, Any]) -> str:
    catalog = supplier_catalog()
    return (
        f"Searched BizQ's bundled catalog of {len(catalog.suppliers)} suppliers "
        f"(prices as of {catalog.prices_as_of}) for '{query.strip() or 'any product'}' with "
        f"{_limits_text(limits)}. Score out of 100: product match 40, margin at the suggested "
        f"retail price 25, first order 15, shipping time 15, rating 5. {catalog.note}"
    )


def _alternatives_advice(
    title: str,
    cost: Decimal | None,
    priority: str,
    best: list[RankedOffer],
    limits: dict[str, Any],
) -> str:
    if not best:
        return (
            f"No supplier in BizQ's catalog sells a product like '{title}' within your limits "
            f"({_limits_text(limits)}). Check the title names the product (e.g. 'soy candle')."
        )
    top = best[0]
    start = f"For '{title}' (priority: {priority.replace('_', ' ')}), {top.supplier.name} sells "
    offer = (
        f"{top.offer.product} at {format_amount(top.tier.unit_cost)} "
        f"(minimum order {top.tier.min_qty})"
    )
    if cost is None:
        return f"{start}{offer}. Record your unit cost to see the saving."
    change = cost - top.tier.unit_cost
    verdict = (
        f"{format_amount(change)} less than your {format_amount(cost)} a unit"
        if change > 0
        else f"not cheaper than your {format_amount(cost)} a unit, so switch only for "
        f"{priority.replace('_', ' ')}"
    )
    return f"{start}{offer}: {verdict}. Order a sample before switching."


def _stay(
    title: str, monthly: int, current: Decimal, options: list[BulkOption], cash: Decimal | None
) -> dict[str, Any]:
    if options and cash is not None:
        why = (
            f"the best option, {options[0].supplier.name}, "
            f"needs {format_amount(options[0].upfront_cash)}"
            f" up front, more than the {format_amount(cash)} available"
        )
    elif monthly < 1:
        why = "no units sell yet, so no minimum order would sell through"
    else:
        why = (
            f"no supplier in BizQ's catalog beats {format_amount(current)} a unit at an order that "
            f"{monthly} sales a month would sell within {sourcing.MAX_COVER_MONTHS} months"
        )
    return {
        "recommended_stage": "stay_zero_moq",
        "target_unit_cost": _number(current),
        "order_quantity": 0,
        "upfront_cash_needed": 0.0,
        "monthly_savings": 0.0,
        "payback_months": None,
        "risks": [
            f"Your unit cost stays at {format_amount(current)}: margins improve only with price."
        ],
        "steps": [
            "Keep selling one unit at a time with today's supplier.",
            "Ask for this plan again at 50+ sales a month (low minimum) or 250+ (bulk).",
        ],
        "rationale": f"{title} at {monthly} a month: stay as you are, because {why}.",
    }


def _risks(best: BulkOption, monthly: int, cash: Decimal | None) -> list[str]:
    supplier = best.supplier
    risks = [
        f"A new supplier's {best.offer.product} may differ from today's: order samples first.",
        f"Prices are as of {supplier_catalog().prices_as_of} and exclude freight and duties.",
    ]
    if best.order_quantity:
        months = Decimal(best.order_quantity) / monthly
        risks.append(
            f"{best.order_quantity} units is {months:.1f} months of sales: if sales drop, "
            f"stock sits unsold."
        )
        risks.append(
            f"Delivery takes {supplier.shipping_days_min}–{supplier.shipping_days_max} days: "
            f"reorder while {_reorder_point(best, monthly)} units are left."
        )
    if cash is not None and best.upfront_cash > cash / 2:
        risks.append(f"The order ties up {best.upfront_cash / cash:.0%} of your available cash.")
    return risks


def _reorder_point(best: BulkOption, monthly: int) -> int:
    return int(Decimal(monthly * best.supplier.shipping_days_max) / 30) + 1


def _steps(best: BulkOption) -> list[str]:
    supplier = best.supplier
    first = (
        f"Order {best.order_quantity} units of {best.offer.product} at "
        f"{format_amount(best.tier.unit_cost)} each ({format_amount(best.upfront_cash)} in all)."
        if best.order_quantity
        else f"Connect {supplier.name} to your store and switch the product's fulfilment."
    )
    return [
        f"Ask {_where(supplier)} for a sample of {best.offer.product}.",
        "Confirm the unit price, minimum order and delivery to your country in writing.",
        first,
        "Keep today's supplier as a backup until the first orders arrive in good shape.",
    ]


def _move_rationale(title: str, monthly: int, current: Decimal, run: Run, best: BulkOption) -> str:
    moq = run.input.get("current_moq", 0)
    today = f"minimum order {moq}" if moq > 1 else "no minimum order"
    return (
        f"{title} sells {monthly} a month at {format_amount(current)} a unit today ({today}). "
        f"Moving to {STAGE_WORDS[best.stage]} at {best.supplier.name}: "
        + "; ".join(best.reasons)
        + f". Payback counts savings only: {format_amount(best.upfront_cash)} / "
        f"{format_amount(best.monthly_saving)} a month."
    )


def _where(supplier: Supplier) -> str:
    same = supplier.platform.lower() in supplier.name.lower()
    return supplier.name if same else f"{supplier.name} on {supplier.platform}"


def _ship_to(run: Run) -> str:
    text = str(run.input.get("ship_to_country") or "")
    return text if any(c.isalnum() for c in text) else "US"


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _number(value: Decimal) -> float:
    return float(value.quantize(CENT))
