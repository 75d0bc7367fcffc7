"""State behind a form generated from a JSON Schema."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.core import forms
from bizq_app.core.errors import BizQError
from bizq_app.ui.errors import FORM
from bizq_app.ui.errors import form_errors as errors_by_field
from bizq_app.ui.state import SessionState


class SchemaFormState(SessionState):
    """The fields of the current schema, how many items each list has, and errors by field."""

    form_fields: list[dict[str, str]] = []
    form_errors: dict[str, str] = {}
    form_key: str = ""
    _schema: dict[str, Any] = {}
    _counts: dict[str, int] = {}

    @rx.event
    def add_item(self, path: str) -> None:
        self._counts[path] = self._counts.get(path, 1) + 1
        self._draw()

    @rx.event
    def remove_item(self, path: str) -> None:
        self._counts[path] = max(0, self._counts.get(path, 1) - 1)
        self._draw()

    def _use_schema(self, schema: dict[str, Any], key: str) -> None:
        self._schema, self._counts, self.form_errors = schema, {}, {}
        self.form_key = key
        self._draw()

    def _draw(self) -> None:
        self.form_fields = forms.fields(self._schema, self._counts)

    def _read(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The document the form describes, or None with ``form_errors`` set."""
        try:
            return forms.document(self._schema, values, self._counts)
        except BizQError as exc:
            self._show(exc, root="$")
            return None

    def _show(self, exc: BizQError, root: str) -> None:
        shown = errors_by_field(exc, field=lambda path: forms.field_path(path, root))
        if "" in shown:  # a problem with the whole document
            shown[FORM] = shown.pop("")
        self.form_errors = shown
