"""bizq_app.inventory."""
