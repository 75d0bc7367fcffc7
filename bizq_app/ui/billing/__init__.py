"""bizq_app.ui.billing."""
