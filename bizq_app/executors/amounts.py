"""Money and quantity arithmetic shared by the rules executors: Decimal inside, float out."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from typing import ParamSpec, TypeVar

from bizq_app.core.money import quantize

PRECISION = 400  # inputs may be as large as a JSON number gets (about 1e308)
LARGEST = Decimal(sys.float_info.max)  # beyond it a float (and JSON) has no number

P = ParamSpec("P")
R = TypeVar("R")


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with enough Decimal digits for any JSON number, tiny or huge."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext() as context:
            context.prec = PRECISION
            return function(*args, **kwargs)

    return wrapper


def decimal(value: object) -> Decimal:
    """``value`` (a JSON number, or None for zero) as an exact Decimal."""
    return Decimal(str(value)) if value is not None else Decimal(0)


def two_places(value: Decimal) -> float:
    """``value`` rounded half-up to cents (two places), as the float the output schema
    wants (sums past the largest float are held at it)."""
    with localcontext() as context:
        context.prec = PRECISION
        return float(max(-LARGEST, min(LARGEST, quantize(value))))


def percent(value: Decimal, places: str = "0.1") -> float:
    """A percentage rounded to ``places``, as a float."""
    with localcontext() as context:
        context.prec = PRECISION
        rounded = value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
        return float(max(-LARGEST, min(LARGEST, rounded)))


def units_up(value: Decimal) -> int:
    """Whole units at or above ``value`` (never below zero)."""
    with localcontext() as context:
        context.prec = PRECISION
        return max(0, int(value.to_integral_value(rounding=ROUND_CEILING)))


def units(value: Decimal) -> int:
    """Whole units nearest ``value`` (never below zero)."""
    with localcontext() as context:
        context.prec = PRECISION
        return max(0, int(value.to_integral_value(rounding=ROUND_HALF_UP)))


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (0 when ``whole`` is 0)."""
    with localcontext() as context:
        context.prec = PRECISION
        return part / whole * 100 if whole else Decimal(0)


def shown(rate: Decimal) -> str:
    """A rate such as 0.15 as short text: "15%"."""
    return f"{float(rate * 100):g}%"
