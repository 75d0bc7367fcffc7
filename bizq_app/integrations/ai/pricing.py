"""What model tokens cost, in BizQ credits (1 credit = US$0.10)."""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from bizq_app.integrations.ai import Usage

CREDITS_PER_USD = Decimal("10")
# US$ per million tokens (input, output), from the providers' published price lists.
PRICES: dict[str, tuple[Decimal, Decimal]] = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "claude-haiku-4-5": (Decimal("1.00"), Decimal("5.00")),
    "claude-sonnet-4-5": (Decimal("3.00"), Decimal("15.00")),
}
UNKNOWN_MODEL = (Decimal("5.00"), Decimal("15.00"))  # priced high rather than free


def usage(model: str, input_tokens: int, output_tokens: int) -> Usage:
    """The credits ``input_tokens`` and ``output_tokens`` of ``model`` cost (rounded up)."""
    per_input, per_output = PRICES.get(model, UNKNOWN_MODEL)
    usd = (per_input * input_tokens + per_output * output_tokens) / Decimal(1_000_000)
    credits = (usd * CREDITS_PER_USD).quantize(Decimal("0.0001"), rounding=ROUND_UP)
    return Usage(input_tokens=input_tokens, output_tokens=output_tokens, credits=credits)
