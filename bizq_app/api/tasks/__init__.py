"""bizq_app.api.tasks."""
