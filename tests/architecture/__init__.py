"""BizQ's import contract, read from the source with ``ast`` (nothing is imported)."""
