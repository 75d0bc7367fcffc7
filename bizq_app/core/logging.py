"""Logging set-up shared by the web process, the CLI and the workers."""

from __future__ import annotations

import logging


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr in one readable format."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
