"""Tasks: every piece of operating work, as a priced contract with a worker.

Owns task definitions (the catalog, bundled as data files), task runs and their
lifecycle, workers and their matching, recurring tasks, the inbox of human work, AI
settings and usage, the budget and the sweeper of stuck runs. The executors that do the
work live above, in ``executors``. Offers other domains: ``tasks`` (create_task,
create_batch, reserve), ``task_runs`` (approve, reject), the status sets beside
``TaskStatus`` (``IN_PROGRESS``, ``HOLDING_CREDITS``, ``ENDED``), ``task_effects.register``
(a higher domain applies a task's output), ``workers`` and ``lookups`` (reads without a
permission check).
"""
