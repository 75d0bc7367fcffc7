"""bizq_app.ui.automations."""
