"""bizq_app.ui.tasks."""
