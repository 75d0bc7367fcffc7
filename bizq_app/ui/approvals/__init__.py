"""bizq_app.ui.approvals."""
