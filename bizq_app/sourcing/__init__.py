"""bizq_app.sourcing."""
