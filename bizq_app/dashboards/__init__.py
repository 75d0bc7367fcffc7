"""bizq_app.dashboards."""
