"""Printful's stand-in and a client aimed at it, for the Printful adapter's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bizq_app.integrations.suppliers.printful import PrintfulClient
from tests.standins.printful_server import TOKEN, PrintfulStandIn


@pytest.fixture
def printful_stand_in() -> Iterator[PrintfulStandIn]:
    server = PrintfulStandIn()
    yield server
    server.close()


@pytest.fixture
def printful(printful_stand_in: PrintfulStandIn) -> Iterator[PrintfulClient]:
    with make_printful(printful_stand_in) as client:
        yield client


def make_printful(stand_in: PrintfulStandIn, **options: Any) -> PrintfulClient:
    """A client of ``stand_in`` that retries without waiting long."""
    options.setdefault("backoff", 0.01)
    return PrintfulClient(options.pop("token", TOKEN), base_url=stand_in.url, **options)
