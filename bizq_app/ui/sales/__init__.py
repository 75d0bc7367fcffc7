"""bizq_app.ui.sales."""
