"""Where to sell next: each channel the store does not use yet, rated from its own
catalog, its sales and the channels it is already connected to (with their live
listings), against BizQ's bundled planning figures (``data.channel_economics``).

A channel's fit starts at 50 and moves with what a seller would check first: whether the
store's usual price sits in the band that channel's buyers favour (±15), what margin is
left after its fee (+10 when 25 points or more are left, −5 under 25, −25 under 10),
whether the products' words match what sells there (+15: handmade for Etsy, vintage for
eBay…) and whether its monthly cost fits the budget given (−20 when not). Expected
revenue after three months is the store's monthly revenue (90 days of paid sales ÷ 3; ten
orders at the usual price when there are none yet) × the share a new channel commonly
adds × fit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bizq_app.data.channel_economics import ChannelEconomics, table
from bizq_app.executors.amounts import decimal, exact, two_places
from bizq_app.executors.store_data import ProductFacts, StoreData
from bizq_app.tasks.task_runs import Run

SALES_DAYS = 90
FIRST_PRODUCTS = 5  # listed first on a new channel: the best margins
CONNECTABLE = {
    "shopify",
    "amazon",
    "ebay",
    "walmart",
    "tiktok_shop",
}  # connected in BizQ; the others get a file
FILES = {
    "amazon": "the Amazon Inventory Loader",
    "ebay": "the eBay drafts CSV",
    "etsy": "the Etsy listings CSV",
}


@exact
def plan_channel_expansion(run: Run, data: StoreData) -> dict[str, Any]:
    set_on, economics = table()
    connected = data.channels()
    current = set(run.input.get("current_channels", [])) | set(connected)
    wanted = run.input.get("candidate_channels") or list(economics)
    candidates = [c for c in wanted if c in economics and c not in current]
    products = _chosen(data.products(), run.input.get("product_ids") or [])
    sales = data.sales(SALES_DAYS)
    monthly = sum((s.unit_price * s.quantity for s in sales), Decimal(0)) / 3
    usual = _usual_price(products)
    base = monthly if monthly > 0 else usual * 10
    budget = run.input.get("monthly_budget")
    rated = [_rated(economics[c], products, usual, base, budget, set_on) for c in candidates]
    rated.sort(key=lambda r: (-r["fit_score"], -r["expected_monthly_revenue"], r["channel"]))
    first = rated[0]["channel"] if rated else next(iter(current), "shopify")
    return {
        "channels": rated,
        "recommended_first_channel": first,
        "plan_steps": _steps(first, economics.get(first), products, connected, rated),
    }


def _chosen(products: list[ProductFacts], ids: list[str]) -> list[ProductFacts]:
    wanted = {str(i) for i in ids}
    return [p for p in products if not wanted or str(p.id) in wanted]


def _usual_price(products: list[ProductFacts]) -> Decimal:
    prices = sorted(p.price for p in products if p.price > 0)
    return prices[len(prices) // 2] if prices else Decimal(0)


def _margin_percent(products: list[ProductFacts]) -> Decimal | None:
    priced = [p for p in products if p.price > 0]
    if not priced:
        return None
    revenue = sum((p.price for p in priced), Decimal(0))
    return (revenue - sum((p.cost for p in priced), Decimal(0))) / revenue * 100


def _rated(
    channel: ChannelEconomics,
    products: list[ProductFacts],
    usual: Decimal,
    base: Decimal,
    budget: object,
    set_on: str,
) -> dict[str, Any]:
    fit, risks = 50, list(channel.risks)
    low, high = channel.price_band
    if usual and low <= usual <= high:
        fit += 15
    elif usual:
        fit -= 15
        risks.append(f"Your usual price ({usual}) is outside what its buyers favour ({low}–{high})")
    margin = _margin_percent(products)
    if margin is not None and usual:
        left = margin - channel.fees_percent - channel.order_fee / usual * 100
        if left >= 25:
            fit += 10
        elif left >= 10:
            fit -= 5
        else:
            fit -= 25
            risks.append(f"About {left:.0f}% margin left after its fees on your usual price")
    words = " ".join(f"{p.title} {p.description}".lower() for p in products)
    if any(k in words for k in channel.keywords):
        fit += 15
    if budget is not None and channel.monthly_cost > decimal(budget):
        fit -= 20
        risks.append(f"Its monthly cost ({channel.monthly_cost}) is over your budget ({budget})")
    fit = max(0, min(100, fit))
    expected = base * channel.revenue_share * fit / 100
    return {
        "channel": channel.channel,
        "fit_score": fit,
        "setup_cost": two_places(channel.setup_cost),
        "monthly_cost": two_places(channel.monthly_cost),
        "fees_percent": float(channel.fees_percent),
        "expected_monthly_revenue": two_places(expected),
        "requirements": [*channel.requirements, f"Figures as of {set_on}: check its fee page"],
        "risks": risks,
    }


def _steps(
    first: str,
    channel: ChannelEconomics | None,
    products: list[ProductFacts],
    connected: dict[str, int],
    rated: list[dict[str, Any]],
) -> list[str]:
    if channel is None or not rated:
        live = ", ".join(f"{c} ({n} live listings)" for c, n in connected.items()) or "none"
        return [f"Every channel considered is in use already (connected: {live})."]
    best = sorted(products, key=lambda p: p.cost / p.price if p.price else Decimal(1))
    titles = ", ".join(p.title for p in best[:FIRST_PRODUCTS]) or "your products"
    steps = [f"Start with your best margins on {channel.label}: {titles}."]
    steps += [f"Get ready: {r[0].lower()}{r[1:]}." for r in channel.requirements]
    if first in CONNECTABLE:
        steps.append(
            "Connect it in Settings → Sales channels; link the products already there by "
            "SKU or publish yours: stock is then pushed within seconds of every sale."
        )
    elif first in FILES:
        steps.append(
            f"Download {FILES[first]} from Settings → Sales channels and upload it there: "
            "the same SKUs, prices and quantities as in BizQ."
        )
    steps.append(
        "Keep a few units back for the new channel's first weeks (a stock rule on the "
        "connection, or a lower quantity in the file) so one stock never oversells."
    )
    steps.append("After 30 days compare its orders and fees with this plan; stop what loses.")
    return steps
