"""bizq_app.accounts."""
