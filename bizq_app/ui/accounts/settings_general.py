"""Settings → General: the store's name and currency, saved from the save bar; deleting
the store."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.stores import CURRENCIES
from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.accounts.settings_state import SettingsState
from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.components.save_bar import save_bar
from bizq_app.ui.state import SessionState

FORM_ID = "store-details"
_store = SessionState.current_store
_typed = SettingsState.details


def _details() -> rx.Component:
    errors = SettingsState.details_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Store details", size="4", as_="h2"),
                form_alert(errors.get("_form", "")),
                field(
                    "Store name",
                    "name",
                    error=errors.get("name", ""),
                    value=_typed["name"],
                    on_change=lambda value: SettingsState.edit_detail("name", value),
                    max_length=80,
                    custom_attrs={"aria-required": "true"},
                    disabled=~SessionState.can_operate,
                ),
                rx.vstack(
                    rx.el.label("Currency", html_for="currency", class_name="bizq-label"),
                    rx.select(
                        sorted(CURRENCIES),
                        name="currency",
                        id="currency",
                        value=_typed["currency"],
                        on_change=lambda value: SettingsState.edit_detail("currency", value),
                        disabled=~SessionState.can_operate,
                    ),
                    spacing="1",
                ),
                rx.text(
                    "Storefront address: ", rx.code(_store["slug"]), size="2", color_scheme="gray"
                ),
                rx.cond(
                    ~SessionState.can_operate,
                    rx.text("Viewers can see these settings but not change them.", size="2"),
                ),
                spacing="3",
                width="100%",
            ),
            id=FORM_ID,
            on_submit=SettingsState.save_details,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _danger_zone() -> rx.Component:
    confirm = rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Delete this store", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete “", _store["name"], "”?"),
            rx.alert_dialog.description(
                "The store disappears for every member. Its history is kept for the audit trail."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete store", color_scheme="red", on_click=SettingsState.delete_store
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
    )
    return rx.cond(
        SessionState.is_owner,
        rx.card(
            rx.vstack(
                rx.heading("Danger zone", size="4", as_="h2", color_scheme="red"),
                confirm,
                spacing="3",
            ),
            width="100%",
        ),
    )


def general_page() -> rx.Component:
    bar = save_bar(
        form_id=FORM_ID,
        changed=SettingsState.details_changed,
        on_discard=SettingsState.discard_details,
    )
    return settings_section("General", bar, _details(), _danger_zone())


ON_LOAD = [SessionState.load_session, SettingsState.load_details]
