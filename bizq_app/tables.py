"""Every domain's tables: importing this registers them all (Alembic, ``create_all``)."""

from bizq_app.accounts import models as accounts_models
from bizq_app.billing import models as billing_models
from bizq_app.catalog import models as catalog_models
from bizq_app.channels import models as channels_models
from bizq_app.dashboards import models as dashboards_models
from bizq_app.inventory import models as inventory_models
from bizq_app.sales import models as sales_models
from bizq_app.sourcing import models as sourcing_models
from bizq_app.storefront import models as storefront_models
from bizq_app.tasks import models as tasks_models

DOMAIN_MODELS = (
    accounts_models,
    billing_models,
    catalog_models,
    channels_models,
    dashboards_models,
    inventory_models,
    sales_models,
    sourcing_models,
    storefront_models,
    tasks_models,
)
