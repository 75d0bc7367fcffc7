"""The public storefront at ``/s/{store-slug}``."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.storefront.storefront_state import StorefrontState

F = StorefrontState
E = StorefrontState.errors


def product_href(product_id: rx.Var) -> rx.Var:
    return "/s/" + F.slug + "/p/" + product_id


def _product(p: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.cond(
                p["image"] != "",
                rx.image(
                    src=p["image"], width="100%", height="10rem", object_fit="cover", alt=p["title"]
                ),
                rx.center(
                    rx.icon("package", size=32, color="var(--gray-8)"),
                    height="10rem",
                    width="100%",
                    background="var(--gray-3)",
                ),
            ),
            rx.link(rx.heading(p["title"], size="3", as_="h2"), href=product_href(p["id"])),
            rx.text(p["description"], size="2", color_scheme="gray", class_name="line-clamp"),
            rx.hstack(
                rx.text(
                    F.shop["currency"],
                    " ",
                    rx.cond(p["options"] != "", "from ", ""),
                    p["price"],
                    weight="bold",
                ),
                rx.spacer(),
                rx.text(p["availability"], size="1"),
                width="100%",
            ),
            rx.cond(
                p["options"] != "",
                rx.link(
                    rx.button(
                        "Choose ",
                        p["options"],
                        variant="soft",
                        width="100%",
                        disabled=p["in_stock"] == "0",
                    ),
                    href=product_href(p["id"]),
                    width="100%",
                ),
                rx.button(
                    "Add to cart",
                    on_click=F.add(p["id"]),
                    disabled=p["in_stock"] == "0",
                    aria_label="Add " + p["title"] + " to cart",
                    width="100%",
                ),
            ),
            spacing="2",
        ),
        class_name="storefront-product",
    )


def cart_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Your cart", size="4", as_="h2"),
            rx.foreach(
                F.cart,
                lambda i: rx.hstack(
                    rx.text(i["quantity"], " × ", i["title"]),
                    rx.spacer(),
                    rx.text(i["price"]),
                    rx.icon_button(
                        rx.icon("x", size=12),
                        size="1",
                        variant="ghost",
                        on_click=F.remove(i["key"]),
                        aria_label="Remove " + i["title"],
                    ),
                    width="100%",
                ),
            ),
            rx.text(
                "Subtotal ", F.shop["currency"], " ", F.cart_total, weight="bold", id="cart-total"
            ),
            _checkout(),
            width="100%",
        ),
        width="100%",
        id="cart",
    )


def _checkout() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(E.get("_form", "")),
            rx.text(E.get("lines", ""), color_scheme="red", size="2"),
            field("E-mail", "email", error=E.get("email", ""), type="email"),
            field("Full name", "name", error=E.get("name", "")),
            field("Address", "line1", error=E.get("line1", "")),
            rx.hstack(
                field("City", "city", error=E.get("city", "")),
                field("Postal code", "postal_code", error=E.get("postal_code", "")),
                field("Country (2 letters)", "country", error=E.get("country", ""), max_length=2),
                width="100%",
            ),
            rx.select(["standard", "express"], name="shipping_method", default_value="standard"),
            field(
                "Card number",
                "card",
                error=E.get("card", ""),
                input_mode="numeric",
                hint="Test mode: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.",
            ),
            rx.button("Pay", type="submit", size="3", width="100%"),
            width="100%",
        ),
        on_submit=F.pay,
        reset_on_submit=False,
    )


def order_done() -> rx.Component:
    return rx.callout(
        rx.text(
            "Thank you! Order #",
            F.order["number"],
            rx.cond(
                F.order["status"] == "pending",
                " is placed; your payment is still processing (",
                " is paid (",
            ),
            F.shop["currency"],
            " ",
            F.order["total"],
            "). A confirmation goes to ",
            F.order["email"],
            ".",
        ),
        icon="circle_check",
        color_scheme="green",
        id="order-confirmation",
        width="100%",
    )


def shop_header() -> rx.Component:
    """The test-mode notice, the shop's name (linking home) and the cart count."""
    return rx.vstack(
        rx.cond(
            F.test_mode,
            rx.callout(
                "Test mode: no real money is taken.",
                icon="flask_conical",
                color_scheme="amber",
                size="1",
                width="100%",
            ),
        ),
        rx.hstack(
            rx.link(
                rx.heading(F.shop["name"], size="8", as_="h1", color=F.shop["accent"]),
                href="/s/" + F.slug,
                underline="none",
            ),
            rx.spacer(),
            rx.badge(F.cart_count, " in cart", size="2", id="cart-count"),
            width="100%",
            align="center",
        ),
        rx.text(F.shop["tagline"], color_scheme="gray"),
        spacing="3",
        width="100%",
    )


def storefront_page() -> rx.Component:
    shop = rx.vstack(
        shop_header(),
        rx.cond(F.order.length() > 0, order_done()),
        rx.form(
            rx.hstack(
                rx.input(name="q", placeholder="Search products", aria_label="Search products"),
                rx.button("Search", type="submit", variant="soft"),
            ),
            on_submit=F.search,
            reset_on_submit=False,
        ),
        rx.flex(
            rx.grid(
                rx.foreach(F.products, _product),
                columns=rx.breakpoints(initial="1", sm="2", md="3"),
                spacing="4",
                width="100%",
            ),
            rx.cond(F.cart.length() > 0, rx.box(cart_panel(), min_width="20rem")),
            direction=rx.breakpoints(initial="column", lg="row"),
            gap="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
        max_width="72rem",
        padding="1.5rem",
        margin_x="auto",
    )
    return rx.cond(F.missing, rx.center(rx.heading("No store here."), height="50vh"), shop)


ON_LOAD = [StorefrontState.load]
