"""The E-mails page: what the store sent buyers and the owner, and what waits in the outbox."""

from __future__ import annotations

import reflex as rx

from bizq_app.sales.notifications import STATUS_LABELS
from bizq_app.ui.components.mail import mail_item
from bizq_app.ui.components.pager import pager
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sales.emails_state import FILTERS, EmailsState
from bizq_app.ui.state import SessionState

E = EmailsState
FILTER_LABELS = {"all": "All e-mails", **STATUS_LABELS}


def _mail(row: rx.Var) -> rx.Component:
    return mail_item(
        row,
        rx.text(
            row["at"],
            " · ",
            row["kind"],
            rx.cond(row["order"] != "", rx.text(" · order #", row["order"], as_="span")),
            size="1",
            color_scheme="gray",
        ),
    )


def emails_page() -> rx.Component:
    return shell(
        "E-mails",
        rx.cond(
            E.mail_warning != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("mail_warning")),
                rx.callout.text(E.mail_warning),
                color_scheme="amber",
                id="mail-not-configured",
                width="100%",
            ),
        ),
        rx.hstack(
            rx.text(
                "Order confirmations, shipping and refund notices, download links, review "
                "requests and purchase orders, newest first.",
                color_scheme="gray",
            ),
            rx.spacer(),
            rx.el.select(
                *[rx.el.option(FILTER_LABELS[f], value=f) for f in FILTERS],
                value=E.status_filter,
                on_change=E.set_filter,
                aria_label="Show",
                class_name="bizq-select",
                width="10rem",
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            E.rows.length() > 0,
            rx.vstack(
                rx.foreach(E.rows, _mail),
                pager(E, " e-mails"),
                spacing="2",
                width="100%",
                id="emails",
            ),
            empty_state(
                "mail",
                "No e-mails here yet",
                "BizQ writes to buyers when they order, when their order ships or is "
                "refunded, and asks for a review once it is delivered.",
            ),
        ),
    )


ON_LOAD = [SessionState.load_session, EmailsState.load]
