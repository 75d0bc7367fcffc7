"""Where higher domains plug into lower ones, so that no lower domain imports a higher.

Importing this registers, in plain registry dicts:
- the catalog's task effects with the tasks domain (what a completed listing, price or
  catalog task changes);
- the dashboards' filter of the events a store's rules listen to, with ``core.events``;
- the sales domain's refusal to delete a product that open orders hold, with the catalog;
- the channels' push of every stock change to the product's listings, with the inventory;
- the channels' push of an imported order's tracking when it ships, with the sales domain.

The web app (through ``api.app``), every RQ job module (through ``jobs``) and the test
suite import it.
"""

from bizq_app.catalog import task_effects
from bizq_app.channels import stock_sync, tracking_sync
from bizq_app.dashboards import listening
from bizq_app.sales import order_stock

REGISTERED = (task_effects, listening, order_stock, stock_sync, tracking_sync)
