"""bizq_app.catalog."""
