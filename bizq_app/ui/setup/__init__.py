"""bizq_app.ui.setup."""
