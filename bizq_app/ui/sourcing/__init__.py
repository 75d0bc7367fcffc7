"""bizq_app.ui.sourcing."""
