"""Setup: a new store in a few minutes.

Owns quick setup (a store, its brand, starter products and tasks from a few answers) and
the bundled seed data loaded on every start. Uses the domains below it; none uses it.
"""
