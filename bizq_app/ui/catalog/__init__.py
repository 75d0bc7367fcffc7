"""bizq_app.ui.catalog."""
