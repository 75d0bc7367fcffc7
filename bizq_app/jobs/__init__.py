"""RQ entry points: each job opens a session and calls one domain function."""

import bizq_app.wiring  # noqa: F401  (registers what higher domains plug into lower ones)
