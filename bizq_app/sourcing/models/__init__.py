"""The sourcing domain's tables: suggestions to move a product to another supplier."""

from bizq_app.sourcing.models.suggestion import Suggestion, SuggestionKind, SuggestionStatus

__all__ = ["Suggestion", "SuggestionKind", "SuggestionStatus"]
