"""The Settings page's sales channels: connect a Shopify shop, publish products to it,
import its orders, and read what went back and forth."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.channels import (
    connections,
    feeds,
    holds,
    listing_import,
    listings,
    order_catchup,
    order_import,
    order_reports,
    rule_settings,
    rules,
    stock_sync,
)
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.integrations.channels import registry
from bizq_app.ui.errors import error_message, error_toast, field_problems, form_errors
from bizq_app.ui.state import SessionState, record_id

LOG_SHOWN = 15
FIELDS = listings.CHANNEL_FIELDS
FEEDS: dict[str, tuple[Any, str]] = {  # the file-based sync downloads
    "shopify": (feeds.shopify_products_csv, "shopify-products.csv"),
    "amazon": (feeds.amazon_inventory_loader, "amazon-inventory-loader.txt"),
    "ebay": (feeds.ebay_drafts_csv, "ebay-drafts.csv"),
    "etsy": (feeds.etsy_listings_csv, "etsy-listings.csv"),
}
PUSHED = "Quantities are being pushed now; publish a product again to send its new price."


class ChannelsState(SessionState):
    """The store's connections; for the open one, its listings, held orders and log."""

    channel_rows: list[dict[str, str]] = []  # id, name, account, status, label
    open_row: dict[str, str] = {}  # the connection shown
    channel_id: str = ""
    listing_rows: list[dict[str, str]] = []  # title, state, shown, last_error, url
    hold_rows: list[dict[str, str]] = []  # name, reason
    log_rows: list[dict[str, str]] = []  # at, kind, ok ("yes"/"no"), outcome
    product_choices: list[dict[str, str]] = []  # id, title
    sku_choices: list[dict[str, str]] = []  # sku, label: every SKU of the store's products
    channel_errors: dict[str, str] = {}
    marketplace: str = (
        "amazon"  # whose connection form shows: amazon, ebay, walmart, tiktok_shop, etsy
    )
    report_problems: list[str] = []  # the last order report: what was skipped, or is wrong
    troubled: int = 0  # listings whose last push failed or was held
    rule_values: dict[str, str] = {}  # the open connection's rules, as the form shows them
    rule_errors: dict[str, str] = {}
    rule_warnings: list[str] = []

    @rx.event
    def load_channels(self) -> Any:
        if not self.current_store_id or not self.user_email:
            return None
        try:
            rows, products = self._in_store(
                lambda session, user_id, store_id: (
                    connections.list_connections(
                        session=session, user_id=user_id, store_id=store_id
                    ),
                    catalog_lookups.active_products(session, store_id, limit=200),
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.channel_rows = [
            {
                "id": str(r.id),
                "name": r.name or r.account,
                "account": r.account,
                "status": r.status,
                "label": registry.CHANNELS.get(r.channel, r.channel),
            }
            for r in rows
        ]
        self.product_choices = [{"id": str(p.id), "title": p.title} for p in products]
        ids = [r["id"] for r in self.channel_rows]
        self.channel_id = self.channel_id if self.channel_id in ids else (ids[0] if ids else "")
        self.open_row = next((r for r in self.channel_rows if r["id"] == self.channel_id), {})
        return self._load_open()

    @rx.event
    def open_channel(self, channel_id: str) -> Any:
        self.channel_id = channel_id
        return ChannelsState.load_channels

    @rx.event
    def connect_shopify(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "shopify", **form}, "Shopify is connected.")

    @rx.event
    def connect_amazon(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "amazon", **form}, "Amazon is connected.")

    @rx.event
    def choose_marketplace(self, marketplace: str) -> None:
        known = ("ebay", "walmart", "tiktok_shop", "etsy")
        self.marketplace = marketplace if marketplace in known else "amazon"
        self.channel_errors = {}

    @rx.event
    def connect_tiktok(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "tiktok_shop", **form}, "TikTok Shop is connected.")

    @rx.event
    def connect_etsy(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "etsy", **form}, "Etsy is connected.")

    @rx.event
    def connect_walmart(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "walmart", **form}, "Walmart is connected.")

    @rx.event
    def connect_ebay(self, form: dict[str, Any]) -> Any:
        return self._connect({"channel": "ebay", **form}, "eBay is connected.")

    def _connect(self, fields: dict[str, Any], said: str) -> Any:
        try:
            connections.connect(
                open_session=session_scope,
                user_id=self._user_id(),
                store_id=record_id(self.current_store_id),
                fields=fields,
            )
        except BizQError as exc:
            self.channel_errors = form_errors(exc)
            return None
        self.channel_errors = {}
        return [ChannelsState.load_channels, rx.toast.success(said)]

    @rx.event
    def test_channel(self) -> Any:
        return self._act(
            lambda user_id, cid: connections.test(
                open_session=session_scope, user_id=user_id, connection_id=cid
            )
        )

    @rx.event
    def import_channel_orders(self) -> Any:
        def act(user_id: uuid.UUID, cid: uuid.UUID) -> str:
            counts = order_import.import_now(
                open_session=session_scope, user_id=user_id, connection_id=cid
            )
            return f"{counts['imported']} imported, {counts['held']} held for you."

        return self._act(act)

    @rx.event
    def import_channel_listings(self) -> Any:
        return self._act(
            lambda user_id, cid: listing_import.import_existing(
                open_session=session_scope, user_id=user_id, connection_id=cid
            ).described()
        )

    @rx.event
    def pause_channel(self) -> Any:
        return self._in_session(connections.pause, "Paused: nothing is pushed until you resume.")

    @rx.event
    def resume_channel(self) -> Any:
        def act(user_id: uuid.UUID, cid: uuid.UUID) -> str:
            resumed = order_catchup.resume(
                open_session=session_scope, user_id=user_id, connection_id=cid
            )
            kept = resumed.imported
            return (
                f"Resumed; {kept} order(s) that came while paused imported." if kept else "Resumed."
            )

        return self._act(act)

    @rx.event
    def import_history(self, form: dict[str, Any]) -> Any:
        chosen = str(form.get("days") or "30")
        days: object = int(chosen) if chosen.isdigit() else chosen  # the domain says why not

        def act(user_id: uuid.UUID, cid: uuid.UUID) -> str:
            with session_scope() as session:
                asked = order_catchup.request_history(
                    session=session, user_id=user_id, connection_id=cid, days=days
                )
            return (
                f"Importing the orders of the {asked.days} days before you connected, as "
                "history (no stock taken, no e-mail sent); they appear in Orders shortly."
            )

        return self._act(act)

    @rx.event
    def disconnect_channel(self) -> Any:
        return self._in_session(connections.disconnect, "Disconnected.")

    @rx.event
    def save_rules(self, form: dict[str, Any]) -> Any:
        if not self.channel_id:
            return None
        try:
            with session_scope() as session:
                saved = rule_settings.set_rules(
                    session=session,
                    user_id=self._user_id(),
                    connection_id=record_id(self.channel_id),
                    fields=form,
                )
        except BizQError as exc:
            self.rule_errors = form_errors(exc)
            return None
        self.rule_errors, self.rule_warnings = {}, saved.warnings
        said = f"Rules saved: {saved.described}. {PUSHED}"
        return [ChannelsState.load_channels, rx.toast.success(said)]

    @rx.event
    def keep_on_channel(self, form: dict[str, Any]) -> Any:
        listing_id, kept = str(form.get("listing_id", "")), [f for f in FIELDS if form.get(f)]
        return self._in_session(
            lambda **ids: listings.keep_on_channel(
                **ids, listing_id=record_id(listing_id), fields=kept
            ),
            "Saved: the next publish leaves those fields as they are on Shopify.",
        )

    @rx.event
    def retry_hold(self, form: dict[str, Any]) -> Any:
        theirs, ours = str(form.get("their_sku") or ""), str(form.get("our_sku") or "")
        mapping = {theirs: ours} if theirs and ours else None
        hold_id = record_id(str(form.get("hold_id")))

        def act(user_id: uuid.UUID, cid: uuid.UUID) -> str:
            with session_scope() as session:
                done = holds.retry(
                    session=session,
                    user_id=user_id,
                    connection_id=cid,
                    hold_id=hold_id,
                    mapping=mapping,
                )
            return "Imported." if done.outcome == "imported" else f"Still held: {done.reason}"

        return self._act(act)

    @rx.event
    def push_again(self, listing_id: str, ours_wins: bool) -> Any:
        said = "Setting BizQ's figure on Shopify." if ours_wins else "Pushing again."
        return self._in_session(
            lambda **ids: stock_sync.retry_now(
                **ids,
                listing_id=record_id(listing_id) if listing_id else None,
                ours_wins=ours_wins,
            ),
            said,
        )

    @rx.event
    async def import_order_report(self, files: list[rx.UploadFile]) -> Any:
        if not files:
            return rx.toast.error("Choose an order report first.")
        raw = await files[0].read()
        return await asyncio.to_thread(self._import_report, raw)

    def _import_report(self, raw: bytes) -> Any:
        try:
            text = raw.decode("utf-8")
            done = order_reports.import_orders_report(
                open_session=session_scope,
                user_id=self._user_id(),
                store_id=record_id(self.current_store_id),
                channel=order_reports.channel_of(text),
                text=text,
            )
        except UnicodeDecodeError:
            self.report_problems = ["The file is not UTF-8 text; export it again as CSV."]
            return None
        except BizQError as exc:
            self.report_problems = [error_message(exc), *field_problems(exc)]
            return None
        self.report_problems = [f"{name}: {why}" for name, why in done.skipped]
        return rx.toast.success(done.described())

    @rx.event
    def download_feed(self, kind: str) -> Any:
        if kind not in FEEDS:
            return rx.toast.error("There is no such file to download.")
        make, filename = FEEDS[kind]
        try:
            text = self._in_store(
                lambda session, user_id, store_id: make(
                    session=session, user_id=user_id, store_id=store_id
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        return rx.download(data=text, filename=filename)

    def _act(self, act: Any) -> Any:
        if not self.channel_id:
            return None
        try:
            said = act(self._user_id(), record_id(self.channel_id))
        except BizQError as exc:
            return [ChannelsState.load_channels, error_toast(exc)]
        return [ChannelsState.load_channels, rx.toast.success(str(said))]

    def _in_session(self, act: Any, said: str) -> Any:
        if not self.channel_id:
            return None
        try:
            user_id = self._user_id()
            with session_scope() as session:
                act(session=session, user_id=user_id, connection_id=record_id(self.channel_id))
        except BizQError as exc:
            return error_toast(exc)
        return [ChannelsState.load_channels, rx.toast.success(said)]

    def _load_open(self) -> Any:
        if not self.channel_id:
            self.listing_rows, self.hold_rows, self.log_rows = [], [], []
            return None
        cid, user_id = record_id(self.channel_id), self._user_id()
        titles = {p["id"]: p["title"] for p in self.product_choices}
        with session_scope() as session:
            chosen = rules.of(connections.read_row(session, user_id, cid).rules).saved()
            found = listings.list_listings(session=session, user_id=user_id, connection_id=cid)
            waiting = order_import.list_holds(session=session, user_id=user_id, connection_id=cid)
            store_skus = listings.store_skus(session, record_id(self.current_store_id))
            log, _ = connections.sync_log(
                session=session, user_id=user_id, connection_id=cid, limit=LOG_SHOWN
            )
        self.listing_rows = [
            {
                "id": str(x.id),
                "kept": ", ".join(x.channel_fields),
                **{f"keeps_{f}": "yes" if f in x.channel_fields else "" for f in FIELDS},
                "title": titles.get(str(x.product_id), "A product not on sale now"),
                "state": x.state,
                "shown": ", ".join(f"{sku}: {q}" for sku, q in x.shown.items()) or "—",
                "last_error": x.last_error,
                "warning": x.warning,
                "held": "yes" if stock_sync.is_held(x) else "",
                "url": x.url,
            }
            for x in found
        ]
        self.rule_values = {k: "" if v is None else str(v) for k, v in chosen.items()}
        self.sku_choices = [
            {"sku": sku, "label": f"{titles.get(str(pid), sku)} · {sku}"}
            for sku, (pid, _) in sorted(store_skus.items())
        ]
        self.troubled = sum(1 for x in found if stock_sync.has_problem(x))
        self.hold_rows = [
            {
                "id": str(h.id),
                "name": h.name,
                "reason": h.reason,
                "skus": ", ".join(str(line.get("sku") or "") for line in h.order.get("lines", [])),
            }
            for h in waiting
        ]
        self.log_rows = [
            {
                "at": e.created_at.strftime("%d %b %H:%M:%S"),
                "kind": e.kind,
                "ok": "yes" if e.ok else "no",
                "outcome": e.outcome,
            }
            for e in log
        ]
        return None
