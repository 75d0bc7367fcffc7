"""Automations: rules that start tasks when something happens.

Owns the rules stored in a store's applied template (events, schedules, conditions),
their evaluation, loop protection and the firing log. Offers the adapters and jobs
``automations`` (evaluate an event, run schedules, log) and ``automation_rules``
(editing).
"""
