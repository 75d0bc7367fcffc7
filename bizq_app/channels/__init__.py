"""Selling on other channels from the same stock: connections (``connections``), the
products listed there (``listings``) and the push of every stock change to them
(``stock_sync``)."""
