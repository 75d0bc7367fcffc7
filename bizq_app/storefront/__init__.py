"""bizq_app.storefront."""
