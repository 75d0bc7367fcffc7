"""Billing: the store's credits.

Owns the double-entry credit ledger (every movement balances), wallets and the credit
purchases paid through the payment provider. Offers other domains: ``ledger`` (balance,
charge and settle a task, show an amount of credits) and ``wallets.open_store`` (a new
store's starting credits).
"""
