"""bizq_app.approvals."""
