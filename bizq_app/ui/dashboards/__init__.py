"""bizq_app.ui.dashboards."""
