"""A category's item specifics as eBay's Taxonomy API describes them, for a seller to fill in.

``getItemAspectsForCategory`` lists each aspect with its ``localizedAspectName``, its
``aspectConstraint`` (``aspectRequired``; ``aspectMode``: ``SELECTION_ONLY`` when eBay
takes only the values it lists, ``FREE_TEXT`` when they are suggestions) and its
``aspectValues`` (each a ``localizedValue``). BizQ asks the seller for the required ones
before it publishes; what eBay lists becomes the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_VALUES = 500  # choices shown for one aspect (eBay lists thousands of brands)


@dataclass(frozen=True)
class ItemSpecific:
    """One aspect of a category: its name as eBay spells it, whether eBay requires it,
    the values eBay lists, and whether it takes only those."""

    name: str
    required: bool
    values: tuple[str, ...] = ()
    only_listed: bool = False  # SELECTION_ONLY: one of ``values``, nothing else


def described(found: dict[str, Any]) -> tuple[ItemSpecific, ...]:
    """The aspects of a ``getItemAspectsForCategory`` answer, in eBay's order."""
    return tuple(_specific(a) for a in found.get("aspects") or [])


def _specific(aspect: dict[str, Any]) -> ItemSpecific:
    constraint = aspect.get("aspectConstraint") or {}
    listed = aspect.get("aspectValues") or []
    values = tuple(str(v["localizedValue"]) for v in listed if v.get("localizedValue"))
    return ItemSpecific(
        name=str(aspect["localizedAspectName"]),
        required=bool(constraint.get("aspectRequired")),
        values=values[:MAX_VALUES],
        only_listed=constraint.get("aspectMode") == "SELECTION_ONLY" and bool(values),
    )
