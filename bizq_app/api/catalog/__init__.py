"""bizq_app.api.catalog."""
