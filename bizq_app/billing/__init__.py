"""bizq_app.billing."""
