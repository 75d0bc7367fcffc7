"""What a completed task changes in its store, for the task types whose definition says so.

Effects run in the transaction that completes the task — for types that need
the owner's approval, that is the approval — so nothing changes before then.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from bizq_app.core.errors import BizQError, NotFound
from bizq_app.models import Product, ProductStatus, Store, Supplier, Task
from bizq_app.models.base import utcnow
from bizq_app.services import audit
from bizq_app.services.store_data import StoreData

Effect = Callable[[Session, Task, dict[str, Any]], str]


def apply(session: Session, task: Task, task_type: str) -> None:
    """Apply ``task``'s effect on its store, if its type has one; record what changed."""
    effect = EFFECTS.get(task_type)
    if effect is None or task.output is None:
        return
    try:  # effects look their records up before they write, so a refusal leaves nothing half done
        summary = effect(session, task, task.output)
    except BizQError as exc:
        summary = f"Not applied: {exc.message}"
    audit.record(
        session=session,
        action="task.applied",
        subject_type="task",
        subject_id=task.id,
        actor_id=None,
        store_id=task.store_id,
        data={"note": summary},
    )


def _product(session: Session, task: Task) -> Product:
    facts = StoreData(task.store_id, session).product(task.input.get("product_id"))
    product = session.get(Product, facts.id)
    if product is None:
        raise NotFound("The product is gone.")
    return product


def _price(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return Decimal("0.00")


def _seo(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    product.title = output["proposed_title"][:200]
    product.description = output["proposed_description"]
    product.updated_at = utcnow()
    session.add(product)
    return f"Listing of '{product.title}' updated."


def _listing(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    product.title = output["new_title"][:200]
    product.description = output["new_description"]
    product.updated_at = utcnow()
    session.add(product)
    return f"Listing of '{product.title}' updated."


def _reprice(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    old, product.price = product.price, _price(output["recommended_price"])
    product.updated_at = utcnow()
    session.add(product)
    return f"Price of '{product.title}' changed from {old} to {product.price}."


def _catalog(session: Session, task: Task, output: dict[str, Any]) -> str:
    suppliers = {s.name: s.id for s in session.exec(select(Supplier))}
    taken = set(session.exec(select(Product.sku).where(Product.store_id == task.store_id)))
    for item in output["products"]:
        sku = str(item.get("sku") or "").strip()[:64] or None
        session.add(
            Product(
                store_id=task.store_id,
                title=item["title"][:200],
                description=item["description"],
                price=_price(item["price"]),
                cost=_price(item["cost"]),
                sku=None if sku in taken else sku,  # a second catalog keeps the first's SKUs
                supplier_id=suppliers.get(str(item["supplier_name"]).split(" (", 1)[0]),
                status=ProductStatus.DRAFT.value,
            )
        )
        taken.add(sku)
    return f"{len(output['products'])} draft products created."


def _store_setting(key: str, what: str) -> Effect:
    def effect(session: Session, task: Task, output: dict[str, Any]) -> str:
        store = session.get(Store, task.store_id)
        assert store is not None
        store.settings = {**store.settings, key: output}
        session.add(store)
        return f"{what} saved to the store."

    return effect


EFFECTS: dict[str, Effect] = {
    "product.optimize_seo": _seo,
    "product.optimize_listing": _listing,
    "product.price_optimization": _reprice,
    "product.generate_catalog": _catalog,
    "brand.create_identity": _store_setting("brand", "Brand identity"),
    "market.research_niche": _store_setting("niche_report", "Niche report"),
    "supplier.find": _store_setting("supplier_suggestions", "Supplier suggestions"),
}
