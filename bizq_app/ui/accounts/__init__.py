"""bizq_app.ui.accounts."""
