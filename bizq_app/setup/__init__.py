"""bizq_app.setup."""
