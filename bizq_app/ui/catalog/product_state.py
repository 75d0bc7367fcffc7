"""One product: its form (new or existing), and the listing rewrite beside it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx

from bizq_app.billing.ledger import show
from bizq_app.catalog import listing_optimisation, product_images, products
from bizq_app.catalog.listing_optimisation import Proposal
from bizq_app.catalog.models import Product
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.sourcing import suggestions
from bizq_app.tasks.task_definitions import get_definition
from bizq_app.ui import routes
from bizq_app.ui.catalog import variant_rows
from bizq_app.ui.components.diff import word_diff
from bizq_app.ui.errors import error_toast, first_problem, form_errors
from bizq_app.ui.state import SessionState, record_id

NEW = "new"
TEXT_FIELDS = ("title", "description", "price", "cost", "inventory_quantity", "sku", "status")
OPTIONAL_TEXT = ("title", "description", "sku")


STOCK_REASONS = {
    "opening": "Stock when the ledger began",
    "sale": "Sold",
    "payment_failed": "Payment failed: back in stock",
    "cancel": "Order cancelled: back in stock",
    "refund_restock": "Refunded and restocked",
    "expired": "Unpaid order expired: back in stock",
    "manual": "Set by hand",
    "import": "CSV import",
    "task": "Set by a task",
}


class ProductState(SessionState):
    """The product being edited (``editing_id`` "new" for a new one)."""

    editing_id: str = ""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    warnings: list[str] = []
    margin: str = ""
    missing: bool = False
    proposal: dict[str, str] = {}
    title_diff: list[dict[str, str]] = []
    description_diff: list[dict[str, str]] = []
    keywords: list[str] = []
    optimising: bool = False
    optimise_price: str = ""  # credits a rewrite costs: the task type's price
    images: list[str] = []
    variants: list[dict[str, str]] = []
    margin_tracks: list[dict[str, str]] = []
    stock_moves: list[dict[str, str]] = []
    loaded: bool = False
    version: int = 0  # a new form (fresh default values) after each load

    @rx.var
    def is_new(self) -> bool:
        return self.editing_id == NEW

    @rx.event
    def load(self) -> None:
        self.editing_id = self.router.url.path.rstrip("/").rsplit("/", 1)[-1] or NEW
        self.errors, self.warnings, self.missing = {}, [], False
        self.proposal, self.optimising = {}, False
        self.version += 1
        self.loaded = True
        if self.is_new:
            self.values = {"status": "draft", "inventory_quantity": "0"}
            self.variants, self.images, self.margin_tracks = [], [], []
            self.stock_moves = []
            self.margin = ""
            return
        try:
            self._in_store(lambda session, user_id, _store: self._show(session, user_id))
        except (BizQError, ValueError):
            self.missing = True

    @rx.event
    def save(self, form: dict[str, Any]) -> Any:
        fields: dict[str, Any] = {  # a blank number box: "not given" (the default, or unchanged)
            k: form[k] for k in TEXT_FIELDS if k in form and (form[k] != "" or k in OPTIONAL_TEXT)
        }
        try:
            variants = variant_rows.from_form(form)
            if variants is not None:
                fields["variants"] = variants
            product = self._in_store(
                lambda session, user_id, store_id: self._save(session, user_id, store_id, fields)
            )
        except BizQError as exc:
            self.errors = form_errors(exc)
            self.values = {**self.values, **{k: str(v) for k, v in fields.items()}}
            return None
        self.errors = {}
        if self.is_new:
            return [rx.toast.success("Product created."), rx.redirect(routes.product(product))]
        self.load()
        return rx.toast.success("Saved.")

    @rx.event
    def add_variant(self) -> None:
        self.variants = [*self.variants, {"options": "", "price": "", "sku": "", "stock": "0"}]

    @rx.event
    def remove_variant(self, index: int) -> None:
        self.variants = [v for i, v in enumerate(self.variants) if i != index]

    @rx.event
    def archive(self) -> Any:
        return self.save({"status": "archived"})

    @rx.event
    def delete(self) -> Any:
        try:
            self._in_store(
                lambda session, user_id, _store: products.delete_product(
                    session=session, user_id=user_id, product_id=record_id(self.editing_id)
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        return [rx.toast.success("Product deleted."), rx.redirect(routes.PRODUCTS)]

    @rx.event
    async def upload_images(self, files: list[rx.UploadFile]) -> Any:
        for upload in files:
            data = await upload.read()
            try:  # the file goes to storage (S3 or disk) on a worker thread
                product = await asyncio.to_thread(
                    self._in_store,
                    lambda session, user_id, _store, data=data: product_images.add_image(
                        session=session,
                        user_id=user_id,
                        product_id=record_id(self.editing_id),
                        data=data,
                    ),
                )
            except BizQError as exc:
                return rx.toast.error(f"{upload.name}: {first_problem(exc)}")
            self.images = list(product.images)
        return rx.toast.success("Image added.")

    @rx.event
    def remove_image(self, url: str) -> Any:
        try:
            product = self._in_store(
                lambda session, user_id, _store: product_images.remove_image(
                    session=session, user_id=user_id, product_id=record_id(self.editing_id), url=url
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.images = list(product.images)
        return None

    @rx.event(background=True)
    async def optimise(self) -> Any:
        """Ask for a listing rewrite and wait for it (the page stays usable meanwhile)."""
        async with self:
            self.optimising, self.proposal = True, {}
            try:
                task_id = await asyncio.to_thread(
                    self._in_store,
                    lambda session, user_id, _store: (
                        listing_optimisation.request(
                            session=session, user_id=user_id, product_id=record_id(self.editing_id)
                        ).id
                    ),
                )
            except BizQError as exc:
                self.optimising = False
                return error_toast(exc)
        await asyncio.to_thread(listing_optimisation.wait_until_done, session_scope, task_id, 60)
        async with self:
            self.optimising = False
            await asyncio.to_thread(
                self._in_store,
                lambda session, user_id, _store: self._propose(
                    listing_optimisation.proposal(session=session, user_id=user_id, task_id=task_id)
                ),
            )
        return None

    @rx.event
    def apply_rewrite(self) -> Any:
        return self._decide(listing_optimisation.apply, "Listing updated.")

    @rx.event
    def discard_rewrite(self) -> Any:
        return self._decide(listing_optimisation.discard, "Rewrite discarded; not charged.")

    def _decide(self, act: Any, done: str) -> Any:
        task_id = record_id(self.proposal.get("task_id", ""))
        try:
            self._in_store(
                lambda session, user_id, _store: act(
                    session=session, user_id=user_id, task_id=task_id
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.load()
        return rx.toast.success(done)

    def _save(
        self, session: Any, user_id: uuid.UUID, store_id: uuid.UUID, fields: dict[str, Any]
    ) -> Product:
        if self.is_new:
            return products.create_product(
                session=session, user_id=user_id, store_id=store_id, fields=fields
            )
        return products.update_product(
            session=session, user_id=user_id, product_id=record_id(self.editing_id), fields=fields
        )

    def _show(self, session: Any, user_id: uuid.UUID) -> None:
        product_id = record_id(self.editing_id)
        product = products.get_product(session=session, user_id=user_id, product_id=product_id)
        self.values = {
            "title": product.title,
            "description": product.description,
            "price": str(product.price),
            "cost": str(product.cost),
            "inventory_quantity": str(product.inventory_quantity),
            "sku": product.sku or "",
            "status": product.status,
        }
        self.images = list(product.images)
        self.variants = variant_rows.to_rows(product.variants)
        rewrite = get_definition(session=session, name=listing_optimisation.TASK_TYPE)
        self.optimise_price = show(rewrite.estimated_cost)
        self.margin_tracks = [
            {
                "when": t.approved_at.strftime("%d %b %Y"),
                "supplier": t.supplier,
                "text": f"{t.before}% before → {t.projected}% projected → {t.now}% now",
            }
            for t in suggestions.margin_tracks(
                session=session, user_id=user_id, product_id=product_id
            )
        ]
        self.stock_moves = [
            {
                "when": m.created_at.strftime("%d %b %Y %H:%M"),
                "why": STOCK_REASONS.get(m.reason, m.reason),
                "variant": ", ".join(m.options.values()),
                "change": f"{m.change:+d}",
                "level": str(m.level),
            }
            for m in products.stock_history(
                session=session, user_id=user_id, product_id=product_id, limit=20
            )
        ]
        margin = products.margin_percent(product.price, product.cost)
        self.margin = "" if margin is None else f"{margin}%"
        self.warnings = products.warnings(product)
        latest = listing_optimisation.latest(
            session=session, user_id=user_id, product_id=product_id
        )
        if latest is not None and latest.open:
            self._propose(latest)

    def _propose(self, proposal: Proposal) -> None:
        self.proposal = {
            "task_id": str(proposal.task_id),
            "status": proposal.status,
            "reason": proposal.status_reason or "",
            "new_title": proposal.new_title,
            "increase": f"{proposal.expected_conversion_increase:g}",
            "summary": proposal.changes_summary,
            "worker": proposal.worker_name,
        }
        self.keywords = proposal.new_keywords
        self.title_diff = word_diff(proposal.old_title, proposal.new_title)
        self.description_diff = word_diff(proposal.old_description, proposal.new_description)
