"""The e-mail that tells an account's holder someone tried to sign up with its address.

A sign-up with an address that has an account is refused without saying why
(``accounts.SIGNUP_REFUSED``): only the address's own inbox learns that the account
exists, and its holder learns that someone tried.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from bizq_app.accounts.models import User
from bizq_app.core import mail, queue, rate_limits
from bizq_app.core.db import OpenSession
from bizq_app.core.settings import get_settings

JOB = "bizq_app.jobs.accounts.send_signup_notice"
SUBJECT = "Someone tried to sign up to BizQ with your e-mail address"


def queue_notice(user: User) -> None:
    """Have a worker e-mail ``user`` that a sign-up used their address, at most as often as
    the ``signup_notice_email`` rule lets (a flood of sign-ups must not flood the inbox).
    Queued at once, not on commit: the refused sign-up's transaction rolls back."""
    try:
        rate_limits.take("signup_notice_email", user.email)
    except rate_limits.TooManyRequests:
        return  # told a moment ago
    queue.get_queue().enqueue(JOB, str(user.id), result_ttl=0)


def send_notice(*, open_session: OpenSession, user_id: uuid.UUID) -> bool:
    """E-mail the notice; the account is read in one short transaction and the mail sent
    after it. Returns whether a mail server took it (False: written to the log, or the
    account is gone).

    Raises:
        Unavailable: the mail server refused the e-mail or could not be reached.
    """
    with open_session() as session:
        message = _notice(session, user_id)
    return mail.send(message) if message is not None else False


def _notice(session: Session, user_id: uuid.UUID) -> mail.Mail | None:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    base = get_settings().base_url
    text = (
        f"Hello{' ' + user.full_name if user.full_name else ''},\n\n"
        f"Someone tried to create a BizQ account with {user.email}, the address of your "
        "account. No account was created and yours is as it was.\n\n"
        f"If it was you, log in at {base}/login, or choose a new password at "
        f"{base}/forgot-password if you have forgotten it.\n"
        "If it was not you, there is nothing to do: nobody was told that your account "
        "exists.\n"
    )
    return mail.Mail(to=user.email, subject=SUBJECT, text=text)
