"""A product's fields from a free-form body: a value of the wrong JSON type is a field
error the owner can read, never a crash."""

from __future__ import annotations

from typing import Any

import pytest

from bizq_app.catalog.product_fields import clean_fields
from bizq_app.core.errors import ValidationFailed


@pytest.mark.parametrize("value", [["active"], {"is": "active"}])
def test_a_list_or_object_for_the_status_is_a_field_error(value: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        clean_fields({"title": "Mug", "status": value}, partial=False)

    assert [e.path for e in refused.value.errors] == ["$.status"]
