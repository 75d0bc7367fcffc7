"""Settings → Plan and credits: balance, "Buy credits", recent purchases, budget."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.billing.settings_credits_state import CreditsState
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.state import SessionState

C, E = CreditsState.credits, CreditsState.credits_errors
STATUS_COLOURS = {"paid": "green", "pending": "amber", "failed": "red"}
TEST_CARDS = (
    "Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined. No real money is taken."
)


def _card_field() -> rx.Component:
    """The card number, labelled as test mode when no real money is taken."""
    badge = rx.badge("Test mode", color_scheme="amber", id="payments-test-mode")
    return field(
        rx.fragment("Card number ", rx.cond(CreditsState.test_mode, badge)),
        "payment_method",
        error=E.get("payment_method", ""),
        hint=rx.cond(CreditsState.test_cards, TEST_CARDS, ""),
        input_mode="numeric",
        auto_complete="cc-number",
    )


def _pack(pack: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.button(
        pack["credits"],
        " credits · ",
        pack["price"],
        type="button",
        variant="outline",
        size="2",
        on_click=CreditsState.choose_pack(pack["credits"]),
        class_name="credit-pack",
    )


def _packs() -> rx.Component:
    return rx.vstack(
        rx.text(
            "One credit costs ",
            rx.text.strong(CreditsState.unit_price, id="credit-unit-price"),
            ". Choose a pack or type any amount; you see the price before you pay.",
            size="2",
        ),
        rx.flex(rx.foreach(CreditsState.packs, _pack), gap="2", wrap="wrap", id="credit-packs"),
        spacing="2",
        width="100%",
    )


def _buy_label() -> rx.Component:
    verb = rx.cond(CreditsState.hosted, "Continue to payment", "Buy credits")
    return rx.cond(
        CreditsState.price != "",
        rx.fragment(verb, " · ", CreditsState.amount, " credits for ", CreditsState.price),
        verb,
    )


def _buy_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Buy credits", size="3", as_="h3"),
            _packs(),
            rx.flex(
                field(
                    "Credits",
                    "credits",
                    error=E.get("credits", ""),
                    placeholder="250",
                    input_mode="decimal",
                    on_change=CreditsState.price_credits,
                ),
                rx.cond(CreditsState.hosted, rx.fragment(), _card_field()),
                direction=rx.breakpoints(initial="column", md="row"),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                CreditsState.hosted,
                rx.text(
                    "You pay on Stripe's secure page next; card details never reach BizQ.",
                    size="2",
                    color="var(--gray-11)",
                ),
            ),
            rx.hstack(
                rx.button(_buy_label(), type="submit", size="3", id="buy-credits"),
                rx.cond(
                    CreditsState.price != "",
                    rx.text("Price: ", rx.text.strong(CreditsState.price), id="credit-price"),
                ),
                align="center",
                spacing="3",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=CreditsState.buy_credits,
        reset_on_submit=False,
    )


def _budget_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            field(
                "Daily task budget",
                "daily_task_budget",
                error=E.get("daily_task_budget", ""),
                default_value=C["budget"],
                placeholder="No limit",
                hint="Credits per day; empty for no limit.",
            ),
            submit_button("Save budget"),
            align="end",
        ),
        on_submit=CreditsState.set_budget,
    )


def _purchase_row(p: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(p["date"]),
        rx.table.cell(p["credits"]),
        rx.table.cell(p["price"]),
        rx.table.cell(
            rx.badge(
                p["status"], color_scheme=rx.match(p["status"], *STATUS_COLOURS.items(), "gray")
            ),
            rx.cond(p["note"] != "", rx.text(p["note"], size="1", color_scheme="gray")),
        ),
    )


def _purchases() -> rx.Component:
    return rx.cond(
        CreditsState.purchases.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Bought", "Credits", "Price", "Status")
                    ]
                )
            ),
            rx.table.body(rx.foreach(CreditsState.purchases, _purchase_row)),
            width="100%",
            id="credit-purchases",
            aria_label="Recent credit purchases",
        ),
        rx.text("No credits bought yet.", size="2", color_scheme="gray"),
    )


def credits_card() -> rx.Component:
    owner_forms = rx.vstack(_buy_form(), _budget_form(), spacing="4", width="100%")
    return rx.card(
        rx.vstack(
            rx.heading("Credits and budget", size="4", as_="h2"),
            rx.text(
                "Balance ",
                rx.text.strong(C["balance"], id="credit-balance"),
                " · available ",
                C["available"],
                " · spent today ",
                C["spent_today"],
                size="2",
            ),
            form_alert(E.get("_form", "")),
            rx.cond(
                SessionState.is_owner,
                owner_forms,
                rx.text("Only owners can buy credits or change the budget.", size="2"),
            ),
            rx.heading("Recent purchases", size="3", as_="h3"),
            _purchases(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def credits_page() -> rx.Component:
    return settings_section("Plan and credits", credits_card())


# Stripe's payment page sends the owner back here (``?purchase=…``).
ON_LOAD = [SessionState.load_session, CreditsState.load_credits, CreditsState.back_from_payment]
