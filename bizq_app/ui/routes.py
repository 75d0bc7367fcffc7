"""Every page's address, in one place."""

LOGIN = "/login"
SIGNUP = "/signup"
FORGOT_PASSWORD = "/forgot-password"  # ask for a link to choose a new password
RESET_PASSWORD = "/reset-password"  # the e-mailed link: ?t=<token>
DASHBOARD = "/"
STORES = "/stores"
PRODUCTS = "/products"
ORDERS = "/orders"
CUSTOMERS = "/customers"
TASKS = "/tasks"
MARKETPLACE = "/marketplace"
WORKERS = "/workers"
TEMPLATES = "/templates"
SETTINGS = "/settings"  # the index of the settings' sections below
SETTINGS_GENERAL = "/settings/general"  # the store's name and currency; deleting it
SETTINGS_PLAN = "/settings/plan"  # credits: balance, buying, budget; Stripe returns here
SETTINGS_AI = "/settings/ai"
SETTINGS_EMAILS = "/settings/emails"
SETTINGS_MEMBERS = "/settings/members"
SETTINGS_CHANNELS = "/settings/channels"
SETTINGS_ACCOUNT = "/settings/account"  # the signed-in person's password and sessions
SETUP = "/setup"
APPROVALS = "/approvals"
SUPPLIERS = "/suppliers"
BUILDER = "/templates/builder"
AUTOMATIONS = "/automations"
EMAILS = "/emails"
STOREFRONT = "/s/[slug]"  # a store's public storefront
STOREFRONT_PRODUCT = "/s/[slug]/p/[product_id]"  # one product's page on the storefront
STOREFRONT_CHECKOUT = "/s/[slug]/checkout"  # the storefront's checkout page
ORDER_STATUS = "/s/[slug]/order"  # a buyer's order, from the signed link in their e-mail
PRODUCT = "/products/[product_id]"  # "new" for a new product
ORDER = "/orders/[number]"  # one order, by its number in the store


def product(item: object) -> str:
    """The page of one product (anything with an ``id``)."""
    return f"/products/{item.id}"


def order(number: int) -> str:
    """The page of the open store's order ``number``."""
    return f"/orders/{number}"
