"""bizq_app.sales."""
