"""The shop's checkout at ``/s/{store-slug}/checkout``, as buyers know it from Shopify:
contact, delivery (country first, then the address, with a state or province where the
country has them), shipping choices with their prices, payment, and a button that says
what it charges; beside it (on a phone: folded at the top) the order summary, priced by
the sales domain's quote that checkout charges. Once paid, the page thanks the buyer
for the order by its number."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.sales import addresses
from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.storefront.shop_frame import (
    brand_style,
    empty_cart,
    shop_body,
    shop_footer,
    shop_header,
    thumbnail,
)
from bizq_app.ui.storefront.storefront_state import StorefrontState

F = StorefrontState
E = StorefrontState.errors
PHONE_ONLY = rx.breakpoints(initial="block", md="none")
WIDE_ONLY = rx.breakpoints(initial="none", md="block")
SELECT_STYLE = {"min_height": "var(--space-7)", "font_size": "var(--font-size-3)"}


def _fixes(name: str) -> Any:
    """The input's change clears its error once it holds something."""
    return lambda value: F.fix(name, value)


def _select(
    label: str, name: str, options: Any, value: rx.Var, on_change: Any, **props: Any
) -> rx.Component:
    """A native select (what autofill fills) with its label and its error."""
    error = E.get(name, "")
    return rx.vstack(
        rx.el.label(label, html_for=name, class_name="bizq-label"),
        rx.el.select(
            options,
            name=name,
            id=name,
            value=value,
            on_change=on_change,
            class_name="bizq-select",
            style=SELECT_STYLE,
            aria_required="true",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=rx.cond(error != "", f"{name}-error", rx.Var.create(None)),
            **props,
        ),
        rx.cond(
            error != "",
            rx.text(error, color_scheme="red", size="2", id=f"{name}-error", role="alert"),
        ),
        spacing="1",
        width="100%",
        align="start",
    )


def _country() -> rx.Component:
    choose = rx.el.option("Choose a country", value="", disabled=True)
    options = [rx.el.option(c.name, value=c.code) for c in addresses.countries()]
    return _select(
        "Country",
        "country",
        rx.fragment(choose, *options),
        F.country,
        F.choose_country,
        auto_complete="country",
    )


def _region() -> rx.Component:
    options = rx.fragment(
        rx.el.option("Choose…", value="", disabled=True),
        rx.foreach(F.regions, lambda r: rx.el.option(r["name"], value=r["code"])),
    )
    return rx.cond(
        F.regions.length() > 0,
        _select(
            "State / province",
            "region",
            options,
            F.region,
            F.choose_region,
            auto_complete="address-level1",
        ),
    )


def _shipping() -> rx.Component:
    """The shipping choices as cards, each with its price ("Free" above the threshold)."""
    return rx.el.fieldset(
        rx.el.legend(rx.heading("Shipping method", size="4", as_="h2")),
        rx.radio_cards.root(
            rx.foreach(
                F.shipping_choices,
                lambda c: rx.radio_cards.item(
                    rx.hstack(
                        rx.text(c["name"], weight="medium"),
                        rx.spacer(),
                        rx.text(c["price"], weight="bold"),
                        width="100%",
                    ),
                    value=c["method"],
                    aria_label=c["name"] + ", " + c["price"],
                    width="100%",
                ),
            ),
            value=F.shipping_method,
            on_value_change=F.choose_shipping,
            columns="1",
            width="100%",
        ),
        class_name="bizq-fieldset",
        width="100%",
        id="shipping-choices",
    )


def _payment_part() -> rx.Component:
    """Offline: BizQ's labelled test-card field. Stripe: the buyer pays on Stripe's page."""
    return rx.cond(
        F.hosted,
        rx.callout(
            "You pay on Stripe's secure page next (card, Apple Pay, Google Pay or Link); "
            "your card details go to Stripe, never to this shop.",
            icon="lock",
            color_scheme="gray",
            size="1",
        ),
        field(
            "Test card number",
            "card",
            error=E.get("card", ""),
            input_mode="numeric",
            auto_complete="off",
            on_change=_fixes("card"),
            hint="Test mode: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.",
        ),
    )


def _text(label: str, name: str, autocomplete: str, **props: Any) -> rx.Component:
    return field(
        label,
        name,
        error=E.get(name, ""),
        auto_complete=autocomplete,
        on_change=_fixes(name),
        **props,
    )


def _pay_button() -> rx.Component:
    return rx.button(
        rx.cond(F.summary.contains("total"), "Pay " + F.summary["total"], "Pay"),
        type="submit",
        size="3",
        width="100%",
        id="pay",
    )


def checkout_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(E.get("_form", "")),
            rx.heading("Contact", size="4", as_="h2"),
            _text("E-mail", "email", "email", type="email", aria_required="true"),
            rx.heading("Delivery", size="4", as_="h2"),
            _country(),
            _text("Full name", "name", "name", aria_required="true"),
            _text("Address", "line1", "address-line1", aria_required="true"),
            _text("Apartment, suite, etc. (optional)", "line2", "address-line2"),
            rx.grid(
                _text("City", "city", "address-level2", aria_required="true"),
                _region(),
                _text("Postal code", "postal_code", "postal-code", aria_required="true"),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            _shipping(),
            rx.heading("Payment", size="4", as_="h2"),
            _payment_part(),
            _pay_button(),
            width="100%",
            spacing="3",
        ),
        on_submit=F.pay,
        reset_on_submit=False,
        id="checkout",
        aria_label="Checkout",
    )


def _figure(label: str, value: rx.Var, **props: Any) -> rx.Component:
    return rx.hstack(rx.text(label), rx.spacer(), rx.text(value), width="100%", **props)


def _summary_line(line: rx.Var) -> rx.Component:
    return rx.hstack(
        thumbnail(line["image"], "3rem"),
        rx.vstack(
            rx.text(line["title"], size="2", weight="medium"),
            rx.text(line["quantity"], " × ", line["unit"], size="1", color="var(--gray-11)"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.text(line["line_total"], size="2", weight="medium"),
        width="100%",
        align="center",
        class_name="summary-line",
    )


def order_summary() -> rx.Component:
    """The lines with their line totals, subtotal, shipping (taxes when there are any:
    none are charged today) and the total."""
    return rx.vstack(
        rx.foreach(F.summary_lines, _summary_line),
        rx.separator(size="4"),
        _figure("Subtotal", F.summary["subtotal"], class_name="summary-subtotal"),
        _figure("Shipping", F.summary["shipping"], class_name="summary-shipping"),
        rx.separator(size="4"),
        rx.hstack(
            rx.text("Total", size="4", weight="bold"),
            rx.spacer(),
            rx.text(F.summary["currency"], " ", size="1", color="var(--gray-11)"),
            rx.text(F.summary["total"], size="4", weight="bold"),
            width="100%",
            align="baseline",
            class_name="summary-total",
        ),
        width="100%",
        spacing="2",
    )


def _phone_summary() -> rx.Component:
    """On a phone, folded at the top: "Show order summary · $52.99"."""
    return rx.box(
        rx.el.details(
            rx.el.summary(
                rx.text("Show order summary", as_="span", weight="medium"),
                rx.text(" · ", F.summary["total"], as_="span", weight="bold"),
                cursor="pointer",
                padding_y="0.75rem",
            ),
            order_summary(),
        ),
        display=PHONE_ONLY,
        width="100%",
        border_y="1px solid var(--gray-5)",
        background="var(--gray-2)",
        padding_x="0.75rem",
        class_name="order-summary-phone",
    )


def _wide_summary() -> rx.Component:
    return rx.box(
        rx.card(
            rx.vstack(rx.heading("Order summary", size="4", as_="h2"), order_summary()),
            width="100%",
        ),
        display=WIDE_ONLY,
        position="sticky",
        top="5rem",
        align_self="start",
        class_name="order-summary-wide",
    )


def thank_you() -> rx.Component:
    """After paying: the order by its number, what was bought, where it goes, the total
    and the way to the order's own page."""
    o = F.order
    return rx.vstack(
        rx.hstack(
            rx.icon("circle_check", size=28, color="var(--green-11)", aria_hidden="true"),
            rx.heading("Order #", o["number"], " confirmed", size="7", as_="h1"),
            align="center",
        ),
        rx.text(
            "Thank you, ",
            o["name"],
            rx.cond(
                o["status"] == "pending",
                "! Your payment is still processing; the order goes ahead once it clears. ",
                "! Your payment went through. ",
            ),
            "A confirmation goes to ",
            o["email"],
            ".",
            role="status",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Items", size="4", as_="h2"),
                rx.foreach(
                    F.order_lines,
                    lambda i: _figure(i["title"] + " × " + i["quantity"], i["line_total"]),
                ),
                rx.separator(size="4"),
                _figure("Subtotal", o["subtotal"]),
                _figure("Shipping", o["shipping"]),
                _figure("Total", o["total"], font_weight="bold", id="order-total"),
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Shipping address", size="4", as_="h2"),
                rx.text(o["name"]),
                rx.text(o["address"], id="order-address"),
            ),
            width="100%",
        ),
        rx.link("Follow your order", href=o["status_url"], id="order-status-link"),
        rx.link("Continue shopping", href="/s/" + F.slug),
        spacing="4",
        width="100%",
        max_width="40rem",
        id="order-confirmation",
    )


def _checkout() -> rx.Component:
    return rx.vstack(
        rx.link("← Back to the shop", href="/s/" + F.slug, size="2"),
        rx.heading("Checkout", size="7", as_="h1"),
        rx.cond(
            F.cart.length() > 0,
            rx.vstack(
                _phone_summary(),
                rx.cond(
                    E.contains("lines"),
                    rx.text(E["lines"], color="var(--red-11)", size="2", role="alert"),
                ),
                rx.grid(
                    checkout_form(),
                    _wide_summary(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="6",
                    width="100%",
                ),
                width="100%",
                spacing="4",
            ),
            empty_cart(),
        ),
        spacing="4",
        width="100%",
    )


def checkout_page() -> rx.Component:
    return rx.box(
        shop_header(),
        rx.el.main(shop_body(rx.cond(F.order.length() > 0, thank_you(), _checkout()))),
        shop_footer(),
        width="100%",
        style=brand_style(),
    )


CHECKOUT_ON_LOAD = [StorefrontState.load_checkout]
