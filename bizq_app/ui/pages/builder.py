"""The dashboard builder: arrange the store's template by drag and drop."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.shell import shell
from bizq_app.ui.state import SessionState


def builder_page() -> rx.Component:
    return shell("Dashboard builder", rx.text("The builder is on its way."))


ON_LOAD = [SessionState.load_session]
