"""bizq_app.payments."""
