"""bizq_app.automations."""
