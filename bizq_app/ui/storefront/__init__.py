"""bizq_app.ui.storefront."""
