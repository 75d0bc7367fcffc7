"""bizq_app.api.sales."""
