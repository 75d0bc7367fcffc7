"""One product's page on the storefront: ``/s/{store-slug}/p/{product-id}``."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.storefront.order_status import stars
from bizq_app.ui.storefront.storefront import cart_panel, order_done, shop_header
from bizq_app.ui.storefront.storefront_state import ProductPageState

P = ProductPageState


def _photo() -> rx.Component:
    return rx.cond(
        P.product["image"] != "",
        rx.image(
            src=P.product["image"],
            alt=P.product["title"],
            width="100%",
            max_height="26rem",
            object_fit="cover",
            border_radius="var(--radius-3)",
        ),
        rx.center(
            rx.icon("package", size=48, color="var(--gray-8)"),
            height="18rem",
            width="100%",
            background="var(--gray-3)",
            border_radius="var(--radius-3)",
        ),
    )


def _choice(choice: rx.Var) -> rx.Component:
    sold_out = choice["in_stock"] == "0"
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="variant",
            value=choice["label"],
            checked=P.chosen == choice["label"],
            disabled=sold_out,
            on_change=P.choose(choice["label"]),
        ),
        rx.text(" ", choice["label"], weight="medium", as_="span"),
        rx.text(
            " — ",
            P.shop["currency"],
            " ",
            choice["price"],
            " · ",
            choice["availability"],
            size="2",
            color_scheme="gray",
            as_="span",
        ),
        class_name=rx.cond(sold_out, "variant-choice sold-out", "variant-choice"),
    )


def _variants() -> rx.Component:
    return rx.cond(
        P.choices.length() > 0,
        rx.el.fieldset(
            rx.el.legend(rx.text("Choose ", P.product["options"], weight="bold", size="2")),
            rx.foreach(P.choices, _choice),
            class_name="bizq-fieldset",
            id="variants",
        ),
    )


def _review(review: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            stars(review["rating"]),
            rx.text(review["author"], weight="medium", size="2"),
            rx.text(review["date"], size="1", color_scheme="gray"),
            align="center",
        ),
        rx.cond(review["text"] != "", rx.text(review["text"], size="2")),
        class_name="product-review",
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-4)",
    )


def _reviews() -> rx.Component:
    return rx.vstack(
        rx.heading("Reviews", size="4", as_="h2"),
        rx.cond(
            P.reviews.length() > 0,
            rx.vstack(
                rx.hstack(
                    stars(P.product["rating"]),
                    rx.text(
                        P.product["rating"], " out of 5 · ", P.product["reviews"], " review(s)"
                    ),
                    align="center",
                    id="product-rating",
                ),
                rx.foreach(P.reviews, _review),
                spacing="1",
                width="100%",
            ),
            rx.text("No reviews yet.", color_scheme="gray", size="2"),
        ),
        width="100%",
    )


def _details() -> rx.Component:
    return rx.vstack(
        rx.heading(P.product["title"], size="7", as_="h2"),
        rx.text(
            P.shop["currency"],
            " ",
            rx.cond(P.choices.length() > 0, "from ", ""),
            P.product["price"],
            size="5",
            weight="bold",
        ),
        rx.text(P.product["availability"], size="2", id="product-availability"),
        _variants(),
        rx.button(
            rx.icon("shopping_cart", size=16),
            "Add to cart",
            size="3",
            on_click=P.add_chosen,
            disabled=P.product["in_stock"] == "0",
        ),
        rx.text(P.product["description"], white_space="pre-wrap"),
        spacing="3",
        width="100%",
    )


def storefront_product_page() -> rx.Component:
    found = rx.vstack(
        shop_header(),
        rx.cond(P.order.length() > 0, order_done()),
        rx.link("← All products", href="/s/" + P.slug, size="2"),
        rx.flex(
            rx.vstack(
                rx.grid(
                    _photo(),
                    _details(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="5",
                    width="100%",
                ),
                _reviews(),
                spacing="5",
                width="100%",
            ),
            rx.cond(P.cart.length() > 0, rx.box(cart_panel(), min_width="20rem")),
            direction=rx.breakpoints(initial="column", lg="row"),
            gap="5",
            width="100%",
        ),
        spacing="4",
        width="100%",
        max_width="72rem",
        padding="1.5rem",
        margin_x="auto",
    )
    return rx.cond(
        P.product_missing,
        rx.center(
            rx.vstack(
                rx.heading("This product is not for sale here."),
                rx.link("See the shop's products", href="/s/" + P.slug),
                align="center",
            ),
            height="50vh",
        ),
        rx.cond(P.product.length() > 0, found, rx.center(rx.spinner(), height="50vh")),
    )


ON_LOAD = [ProductPageState.load_product]
