"""The publish form of the open connection: the product, and the item specifics its
channel requires of it (eBay's), asked as soon as the product is chosen."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.channels import item_specifics, publishing
from bizq_app.channels.item_specifics import ItemSpecific
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.ui.channels.settings_channels_state import ChannelsState
from bizq_app.ui.errors import error_toast, form_errors
from bizq_app.ui.state import record_id

ASPECT = "$.aspects."
PUBLISHED = "Published: its stock now follows BizQ's."
ASKED = "Fill in what {label} requires of this product, then publish."


class PublishState(ChannelsState):
    """The product to publish and its item specifics: each a field (``id``, ``name``,
    ``values`` eBay lists, ``only_listed``: a choice among them) and its error."""

    publish_product: str = ""
    aspect_fields: list[dict[str, Any]] = []
    aspect_errors: dict[str, str] = {}  # field id (or "_form") → the domain's message
    asked_for: str = ""  # the connection and product the fields were asked for

    @rx.event
    def set_publish_product(self, value: str) -> Any:
        self.publish_product = value
        return self._ask()

    @rx.event
    def publish(self, form: dict[str, Any]) -> Any:
        if not self.publish_product or not self.channel_id:
            return rx.toast.error("Choose a product to publish.")
        if self.asked_for != self._asking():  # another connection opened since
            failed = self._ask()
            if failed or self.aspect_fields:
                return failed or rx.toast.info(ASKED.format(label=self.open_row.get("label")))
        given = {f["name"]: str(form.get(f["id"]) or "").strip() for f in self.aspect_fields}
        try:
            publishing.publish(
                open_session=session_scope,
                user_id=self._user_id(),
                connection_id=record_id(self.channel_id),
                product_id=self.publish_product,
                aspects={name: value for name, value in given.items() if value} or None,
            )
        except BizQError as exc:
            self.aspect_errors = form_errors(exc, self._field_of)
            return [ChannelsState.load_channels, error_toast(exc)]
        self.aspect_errors = {}
        return [ChannelsState.load_channels, rx.toast.success(PUBLISHED)]

    def _ask(self) -> Any:
        """The item specifics the open connection's channel requires of the product."""
        self.aspect_fields, self.aspect_errors, self.asked_for = [], {}, self._asking()
        if not self.publish_product or not self.channel_id:
            return None
        try:
            found = item_specifics.required(
                open_session=session_scope,
                user_id=self._user_id(),
                connection_id=record_id(self.channel_id),
                product_id=self.publish_product,
            )
        except BizQError as exc:
            return error_toast(exc)
        self.aspect_fields = [_field(n, specific) for n, specific in enumerate(found)]
        return None

    def _asking(self) -> str:
        return f"{self.channel_id}/{self.publish_product}"

    def _field_of(self, path: str) -> str:
        """A field error's form field: an item specific's own, else the form's."""
        name = path.removeprefix(ASPECT).casefold()
        ids = {f["name"].casefold(): f["id"] for f in self.aspect_fields}
        return ids.get(name, "_form") if path.startswith(ASPECT) else "_form"


def _field(n: int, specific: ItemSpecific) -> dict[str, Any]:
    return {
        "id": f"aspect-{n}",
        "name": specific.name,
        "values": list(specific.values),
        "only_listed": specific.only_listed,
    }
