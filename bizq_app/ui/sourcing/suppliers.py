"""The Suppliers page: who can make or ship what you sell, ranked and explained."""

from __future__ import annotations

import reflex as rx

from bizq_app.data.suppliers import KINDS, supplier_catalog
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sourcing.suppliers_state import SuppliersState
from bizq_app.ui.state import SessionState

S = SuppliersState
E = SuppliersState.errors


def _catalog_note() -> str:
    catalog = supplier_catalog()
    return (
        f"Offline: BizQ's bundled supplier catalog, prices as of {catalog.prices_as_of}. "
        f"{catalog.note}"
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                form_alert(E.get("_form", "")),
                rx.grid(
                    field(
                        "What you sell",
                        "q",
                        error=E.get("q", ""),
                        placeholder="e.g. soy candle, dog collar, t-shirt",
                    ),
                    field(
                        "Budget for the first order",
                        "budget",
                        error=E.get("budget", ""),
                        input_mode="decimal",
                        placeholder="250",
                    ),
                    field(
                        "Your selling price",
                        "target_price",
                        error=E.get("target_price", ""),
                        input_mode="decimal",
                        hint="Empty: each product's typical retail price",
                    ),
                    field(
                        "Largest minimum order",
                        "max_moq",
                        error=E.get("max_moq", ""),
                        input_mode="numeric",
                        placeholder="1",
                    ),
                    field("Ship to", "ship_to", error=E.get("ship_to", ""), default_value="US"),
                    rx.vstack(
                        rx.el.label("Kind of supplier", html_for="kind", class_name="bizq-label"),
                        rx.select(["any", *KINDS], name="kind", id="kind", default_value="any"),
                        rx.text(E.get("kinds", ""), color_scheme="red", size="2"),
                        spacing="1",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="3",
                    width="100%",
                ),
                submit_button("Find suppliers"),
                rx.text(_catalog_note(), size="1", color_scheme="gray"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.search,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _offer(offer: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(offer["product"].to(str), size="3", as_="h3"),
                rx.spacer(),
                rx.badge("Score ", offer["score"].to(str), color_scheme="green", size="2"),
                width="100%",
            ),
            rx.hstack(
                rx.link(offer["supplier"].to(str), href=offer["website"].to(str), is_external=True),
                rx.badge(offer["kind"].to(str)),
                rx.text("Ships in ", offer["ships"].to(str), size="2"),
                wrap="wrap",
                align="center",
            ),
            rx.text(
                "From ",
                offer["moq"].to(str),
                " unit(s) at ",
                offer["unit_cost"].to(str),
                " · first order ",
                offer["first_order"].to(str),
                " · margin ",
                offer["margin"].to(str),
                size="2",
            ),
            rx.el.ul(
                rx.foreach(offer["reasons"].to(list[str]), lambda r: rx.el.li(rx.text(r, size="1")))
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="supplier-offer",
    )


def suppliers_page() -> rx.Component:
    results = rx.cond(
        S.offers.length() > 0,
        rx.vstack(rx.foreach(S.offers, _offer), width="100%", spacing="3"),
        rx.cond(
            S.searched,
            empty_state(
                "search_x",
                "No offer fits",
                "Loosen the budget, the minimum order or the kind of supplier.",
            ),
        ),
    )
    return shell("Suppliers", _form(), results)


ON_LOAD = [SessionState.load_session]
