"""bizq_app.api.accounts."""
