"""Sales: what buyers bought and what happens after.

Owns checkout, orders with their status sets, fulfilment (the order pipeline), the order
timeline, customers and their personal data (export, erasure), reviews and the e-mail
notifications to buyers. Offers other domains: ``facts`` (paid lines, revenue per period
and per day, the newest orders).
"""
