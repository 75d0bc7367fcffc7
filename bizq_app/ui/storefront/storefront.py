"""The public storefront at ``/s/{store-slug}``, laid out phone first as sellers know
from Shopify's Dawn theme: a sticky header in the brand's colour (its text colour
chosen for contrast) with a cart button that opens the cart drawer, a product grid two
across on phones, and checkout on its own page (``/s/{store-slug}/checkout``)."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.storefront.storefront_state import StorefrontState

F = StorefrontState
E = StorefrontState.errors
# What an image in the grid is drawn at: half the screen on phones, a third or a
# quarter on wider ones (the browser picks the file size from it).
GRID_IMAGE_SIZES = "(max-width: 767px) 50vw, (max-width: 1023px) 33vw, 25vw"
PAGE_WIDTH = "72rem"


def product_href(product_id: rx.Var) -> rx.Var:
    return "/s/" + F.slug + "/p/" + product_id


def checkout_href() -> rx.Var:
    return "/s/" + F.slug + "/checkout"


def _picture(p: rx.Var) -> rx.Component:
    return rx.cond(
        p["image"] != "",
        rx.el.img(
            src=p["image"],
            alt=p["title"],
            loading="lazy",
            decoding="async",
            sizes=GRID_IMAGE_SIZES,
            width="400",
            height="400",
            class_name="storefront-image",
        ),
        rx.center(
            rx.icon("package", size=32, color="var(--gray-11)", aria_hidden="true"),
            class_name="storefront-image",
            background="var(--gray-3)",
        ),
    )


def _product(p: rx.Var) -> rx.Component:
    sold_out = p["in_stock"] == "0"
    return rx.card(
        rx.vstack(
            rx.link(_picture(p), href=product_href(p["id"]), tab_index=-1, aria_hidden="true"),
            rx.link(
                rx.heading(p["title"], size="3", as_="h2"),
                href=product_href(p["id"]),
                color="var(--gray-12)",
            ),
            rx.text(
                F.shop["currency"],
                " ",
                rx.cond(p["options"] != "", "from ", ""),
                p["price"],
                weight="bold",
            ),
            rx.text(
                rx.cond(sold_out, "Sold out — check back soon", p["availability"]),
                size="1",
                color="var(--gray-11)",
            ),
            rx.cond(
                p["options"] != "",
                rx.link(
                    rx.button(
                        "Choose ",
                        p["options"],
                        variant="soft",
                        width="100%",
                        disabled=sold_out,
                        tab_index=-1,
                    ),
                    href=product_href(p["id"]),
                    width="100%",
                    aria_label="Choose " + p["options"] + " of " + p["title"],
                ),
                rx.button(
                    rx.cond(sold_out, "Sold out", "Add to cart"),
                    on_click=F.add(p["id"]),
                    disabled=sold_out,
                    aria_label="Add " + p["title"] + " to cart",
                    width="100%",
                ),
            ),
            spacing="2",
            height="100%",
        ),
        class_name="storefront-product",
    )


def cart_lines() -> rx.Component:
    return rx.vstack(
        rx.foreach(
            F.cart,
            lambda i: rx.hstack(
                rx.text(i["quantity"], " × ", i["title"], size="2"),
                rx.spacer(),
                rx.text(i["price"], size="2"),
                rx.icon_button(
                    rx.icon("x", size=14),
                    size="2",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=F.remove(i["key"]),
                    aria_label="Remove " + i["title"],
                ),
                width="100%",
                align="center",
            ),
        ),
        rx.text("Subtotal ", F.shop["currency"], " ", F.cart_total, weight="bold", id="cart-total"),
        width="100%",
    )


def _empty_cart() -> rx.Component:
    return rx.vstack(
        rx.text("Your cart is empty.", weight="medium"),
        rx.text("Add something you like from the shop; it waits here.", size="2"),
        rx.link("Continue shopping", href="/s/" + F.slug, on_click=F.set_cart_open(False)),
        spacing="2",
        id="cart-empty",
    )


def cart_drawer() -> rx.Component:
    """The cart, sliding in from the side; checkout is a page of its own."""
    return rx.drawer.root(
        rx.drawer.overlay(z_index="40"),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        rx.drawer.title("Your cart", class_name="rt-Heading rt-r-size-5"),
                        rx.spacer(),
                        rx.drawer.close(
                            rx.icon_button(
                                rx.icon("x", size=18),
                                variant="ghost",
                                color_scheme="gray",
                                aria_label="Close the cart",
                            )
                        ),
                        width="100%",
                        align="center",
                    ),
                    rx.drawer.description("What you picked, and the way to check out.", size="2"),
                    rx.cond(
                        F.cart.length() > 0,
                        rx.vstack(
                            cart_lines(),
                            rx.link(
                                rx.button("Check out", size="3", width="100%", tab_index=-1),
                                href=checkout_href(),
                                width="100%",
                                id="go-to-checkout",
                                on_click=F.set_cart_open(False),
                            ),
                            width="100%",
                            spacing="4",
                        ),
                        _empty_cart(),
                    ),
                    spacing="4",
                    padding="1.25rem",
                    width="100%",
                ),
                id="cart",
                class_name="storefront-drawer",
                background="var(--color-panel-solid)",
                z_index="50",
            )
        ),
        open=F.cart_open,
        on_open_change=F.set_cart_open,
        direction="right",
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
        high_contrast=True,
        id="order-confirmation",
        width="100%",
        role="status",
    )


def shop_header() -> rx.Component:
    """The test-mode notice, then a sticky bar in the brand's colour: the shop's name
    (linking home) and the cart button with its count."""
    return rx.box(
        rx.cond(
            F.test_mode,
            rx.box(
                rx.text(
                    "Test mode: no real money is taken.",
                    size="1",
                    align="center",
                    color="var(--amber-12)",
                ),
                background="var(--amber-3)",
                padding_y="0.25rem",
            ),
        ),
        rx.hstack(
            rx.link(
                rx.text(F.shop["name"], size="5", weight="bold", color=F.shop["on_accent"]),
                href="/s/" + F.slug,
                underline="none",
                aria_label=F.shop["name"] + ", home",
            ),
            rx.spacer(),
            rx.button(
                rx.icon("shopping_cart", size=18, aria_hidden="true"),
                rx.text("Cart", as_="span"),
                rx.badge(F.cart_count, variant="solid", color_scheme="gray", high_contrast=True),
                on_click=F.set_cart_open(True),
                variant="surface",
                color_scheme="gray",
                high_contrast=True,
                size="3",
                id="cart-button",
                aria_label="Cart " + F.cart_count.to_string() + " items",
            ),
            max_width=PAGE_WIDTH,
            margin_x="auto",
            padding_x="1rem",
            padding_y="0.75rem",
            align="center",
            width="100%",
        ),
        cart_drawer(),
        position="sticky",
        top="0",
        z_index="30",
        background=F.shop["accent"],
        width="100%",
        class_name="storefront-header",
        id="shop-header",
    )


def shop_body(*children: rx.Component) -> rx.Component:
    return rx.box(
        *children,
        max_width=PAGE_WIDTH,
        margin_x="auto",
        padding="1rem",
        width="100%",
    )


def storefront_page() -> rx.Component:
    shop = rx.box(
        shop_header(),
        rx.el.main(
            shop_body(
                rx.vstack(
                    rx.heading(F.shop["name"], size="7", as_="h1"),
                    rx.cond(F.shop["tagline"] != "", rx.text(F.shop["tagline"], size="3")),
                    rx.cond(F.order.length() > 0, order_done()),
                    rx.form(
                        rx.hstack(
                            rx.input(
                                name="q",
                                placeholder="Search products",
                                aria_label="Search products",
                                type="search",
                                width="100%",
                            ),
                            rx.button("Search", type="submit", variant="soft"),
                            width="100%",
                            max_width="28rem",
                        ),
                        on_submit=F.search,
                        reset_on_submit=False,
                        role="search",
                    ),
                    rx.cond(
                        F.products.length() > 0,
                        rx.grid(
                            rx.foreach(F.products, _product),
                            columns=rx.breakpoints(initial="2", sm="3", lg="4"),
                            spacing=rx.breakpoints(initial="3", sm="4"),
                            width="100%",
                            id="products",
                        ),
                        rx.text(
                            "Nothing here yet. Try another search, or come back soon.",
                            id="no-products",
                        ),
                    ),
                    spacing="4",
                    width="100%",
                ),
            )
        ),
        width="100%",
        class_name=rx.cond(F.shop.length() > 0, "shop-ready", ""),  # the first paint goes
    )
    return rx.cond(
        F.missing,
        rx.center(rx.heading("No store here.", as_="h1"), height="50vh", class_name="shop-ready"),
        shop,
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
            autocomplete="off",
            hint="Test mode: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.",
        ),
    )


def checkout_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(E.get("_form", "")),
            rx.cond(
                E.contains("lines"),
                rx.text(E["lines"], color="var(--red-11)", size="2", role="alert"),
            ),
            rx.heading("Contact", size="4", as_="h2"),
            field("E-mail", "email", error=E.get("email", ""), type="email", autocomplete="email"),
            rx.heading("Delivery", size="4", as_="h2"),
            field("Full name", "name", error=E.get("name", ""), autocomplete="name"),
            field("Address", "line1", error=E.get("line1", ""), autocomplete="address-line1"),
            rx.grid(
                field("City", "city", error=E.get("city", ""), autocomplete="address-level2"),
                field(
                    "Postal code",
                    "postal_code",
                    error=E.get("postal_code", ""),
                    autocomplete="postal-code",
                ),
                field(
                    "Country (2 letters)",
                    "country",
                    error=E.get("country", ""),
                    max_length=2,
                    autocomplete="country",
                ),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            rx.el.fieldset(
                rx.el.legend(rx.text("Shipping", size="2", weight="medium")),
                rx.radio_group(
                    ["standard", "express"],
                    name="shipping_method",
                    default_value="standard",
                    direction="row",
                ),
                class_name="bizq-fieldset",
            ),
            rx.heading("Payment", size="4", as_="h2"),
            _payment_part(),
            rx.button(
                rx.cond(F.hosted, "Continue to payment", "Pay"),
                type="submit",
                size="3",
                width="100%",
            ),
            width="100%",
            spacing="3",
        ),
        on_submit=F.pay,
        reset_on_submit=False,
        id="checkout",
        aria_label="Checkout",
    )


def checkout_page() -> rx.Component:
    """Checkout on its own page: what is bought, then who, where and how it is paid."""
    content = rx.cond(
        F.order.length() > 0,
        rx.vstack(
            order_done(),
            rx.link("Continue shopping", href="/s/" + F.slug),
            spacing="3",
        ),
        rx.cond(
            F.cart.length() > 0,
            rx.grid(
                rx.card(
                    rx.vstack(
                        rx.heading("Your order", size="4", as_="h2"),
                        cart_lines(),
                        rx.text("Delivery is added at the next step.", size="1"),
                        width="100%",
                    ),
                ),
                checkout_form(),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="5",
                width="100%",
            ),
            _empty_cart(),
        ),
    )
    return rx.box(
        shop_header(),
        rx.el.main(
            shop_body(
                rx.vstack(
                    rx.link("← Back to the shop", href="/s/" + F.slug, size="2"),
                    rx.heading("Checkout", size="7", as_="h1"),
                    content,
                    spacing="4",
                    width="100%",
                ),
            )
        ),
        width="100%",
    )


ON_LOAD = [StorefrontState.load]
CHECKOUT_ON_LOAD = [StorefrontState.load_checkout]
