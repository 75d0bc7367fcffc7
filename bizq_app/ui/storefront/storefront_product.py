"""One product's page on the storefront: ``/s/{store-slug}/p/{product-id}``."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.storefront.order_status import stars
from bizq_app.ui.storefront.shop_frame import brand_style, shop_body, shop_footer, shop_header
from bizq_app.ui.storefront.storefront_state import ProductPageState

P = ProductPageState


def _photo() -> rx.Component:
    return rx.cond(
        P.product["image"] != "",
        rx.el.img(
            src=P.product["image"],
            alt=P.product["title"],
            sizes="(max-width: 767px) 100vw, 50vw",
            width="800",
            height="800",
            decoding="async",
            class_name="storefront-photo",
        ),
        rx.center(
            rx.icon("package", size=48, color="var(--gray-11)", aria_hidden="true"),
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
            choice["shown"],
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
        rx.heading(P.product["title"], size="7", as_="h1"),
        rx.text(
            rx.cond(P.choices.length() > 0, "From ", ""),
            P.product["shown"],
            size="5",
            weight="bold",
        ),
        rx.text(
            rx.cond(
                P.product["in_stock"] == "0",
                "Sold out — check back soon, or see the shop's other products.",
                P.product["availability"],
            ),
            size="2",
            id="product-availability",
        ),
        _variants(),
        rx.button(
            rx.icon("shopping_cart", size=16, aria_hidden="true"),
            rx.cond(P.product["in_stock"] == "0", "Sold out", "Add to cart"),
            size="3",
            on_click=P.add_chosen,
            disabled=P.product["in_stock"] == "0",
        ),
        rx.text(P.product["description"], white_space="pre-wrap"),
        rx.button(
            rx.icon("share_2", size=16, aria_hidden="true"),
            "Copy link to share",
            variant="soft",
            color_scheme="gray",
            on_click=[rx.set_clipboard(P.product["share"]), rx.toast.success("Link copied.")],
            id="share-product",
        ),
        spacing="3",
        width="100%",
    )


def storefront_product_page() -> rx.Component:
    found = rx.box(
        shop_header(),
        rx.el.main(
            shop_body(
                rx.vstack(
                    rx.link("← All products", href="/s/" + P.slug, size="2"),
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
            )
        ),
        shop_footer(),
        width="100%",
        style=brand_style(),
        class_name="shop-ready",  # the server's first paint of the page goes
    )
    return rx.cond(
        P.product_missing,
        rx.center(
            rx.vstack(
                rx.heading("This product is not for sale here.", as_="h1"),
                rx.link("See the shop's products", href="/s/" + P.slug),
                align="center",
            ),
            height="50vh",
            class_name="shop-ready",
        ),
        rx.cond(P.product.length() > 0, found, rx.center(rx.spinner(), height="50vh")),
    )


ON_LOAD = [ProductPageState.load_product]
