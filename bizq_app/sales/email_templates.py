"""The store's e-mails as its owner words them: each kind's subject and body, BizQ's
default until the owner saves their own (``store.settings["email_templates"]``).

A template is saved only once it parses, uses only its kind's placeholders and renders
with sample values; a saved template that still fails on a real e-mail's values is
logged and BizQ's default goes out instead, so no e-mail is lost to a template.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import audit, store_settings
from bizq_app.accounts.models import Store
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core.errors import FieldError, NotFound, ValidationFailed
from bizq_app.core.settings import get_settings
from bizq_app.sales.email_kinds import KINDS, EmailKind, sample
from bizq_app.sales.email_rendering import Rendered, TemplateProblem, check, render, render_text

SETTING = "email_templates"
SUBJECT_MAX = 300
BODY_MAX = 20_000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmailTemplate:
    """One kind of e-mail as the store sends it, and what its template may use."""

    kind: str
    title: str
    to: str
    subject: str
    body: str
    customised: bool  # the owner's own words, not BizQ's default
    placeholders: dict[str, str]


def list_templates(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID
) -> list[EmailTemplate]:
    """Every kind of e-mail the store sends, with its subject, body and placeholders.

    Raises:
        NotFound, PermissionDenied.
    """
    store = _readable(session, user_id, store_id)
    return [_template(store, kind) for kind in KINDS]


def get_template(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, kind: str
) -> EmailTemplate:
    """One kind of e-mail as the store sends it: the owner's template or the default.

    Raises:
        NotFound: no such store or kind of e-mail. PermissionDenied.
    """
    store = _readable(session, user_id, store_id)
    return _template(store, _kind(kind).kind)


def save_template(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    kind: str,
    subject: object,
    body: object,
) -> EmailTemplate:
    """Keep the owner's subject and body for one kind of e-mail (owners only; audited).
    Saving BizQ's default wording goes back to the default.

    Raises:
        NotFound, PermissionDenied.
        ValidationFailed: a field that does not parse, uses an unknown placeholder or
            does not render with sample values; its error names the line and why.
    """
    store = _owned(session, user_id, store_id)
    found = _kind(kind)
    clean_subject, clean_body = _validated(store, found, subject, body)
    custom = {"subject": clean_subject, "body": clean_body}
    own = custom != {"subject": found.subject, "body": found.body}
    store = store_settings.change(session, store_id, SETTING, _putting(found.kind, custom, own))
    _audit(session, user_id, store_id, "email_template.saved", found.kind)
    return _template(store, found.kind)


def reset_template(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, kind: str
) -> EmailTemplate:
    """Go back to BizQ's default for one kind of e-mail (owners only; audited).

    Raises:
        NotFound, PermissionDenied.
    """
    _owned(session, user_id, store_id)
    found = _kind(kind)
    store = store_settings.change(session, store_id, SETTING, _putting(found.kind, {}, False))
    _audit(session, user_id, store_id, "email_template.reset", found.kind)
    return _template(store, found.kind)


def preview(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    kind: str,
    subject: object = None,
    body: object = None,
) -> Rendered:
    """The e-mail with sample values, in the store's brand: the subject and body given
    (a draft, checked as ``save_template`` checks it), else the store's own.

    Raises:
        NotFound, PermissionDenied, ValidationFailed (as ``save_template``).
    """
    store = _readable(session, user_id, store_id)
    found = _kind(kind)
    now = _template(store, found.kind)
    draft_subject, draft_body = _validated(
        store,
        found,
        now.subject if subject is None else subject,
        now.body if body is None else body,
    )
    return _render(store, found, draft_subject, draft_body, _sample(store, found.kind))


def compose(store: Store, kind: str, context: Mapping[str, Any]) -> Rendered:
    """The e-mail of ``kind`` with these values, in the store's words and brand."""
    found = KINDS[kind]
    saved = _saved(store, kind)
    if saved is not None:
        try:
            return _render(store, found, saved["subject"], saved["body"], context)
        except TemplateProblem as problem:
            log.warning(
                "Store %s's %s e-mail did not render (%s); sent BizQ's default.",
                store.id,
                kind,
                problem,
            )
    return _render(store, found, found.subject, found.body, context)


def _render(
    store: Store, found: EmailKind, subject: str, body: str, context: Mapping[str, Any]
) -> Rendered:
    brand = store_settings.brand_of(store)
    return render(subject, body, context, brand, set(found.placeholders))


def _validated(store: Store, found: EmailKind, subject: object, body: object) -> tuple[str, str]:
    """The subject and body, each checked, and rendered with sample values.

    Raises:
        ValidationFailed: every field's first problem.
    """
    values = _sample(store, found.kind)
    known = set(found.placeholders)
    errors: list[FieldError] = []
    fields = (("$.subject", subject, SUBJECT_MAX), ("$.body", body, BODY_MAX))
    cleaned = [_field(path, value, limit, known, values, errors) for path, value, limit in fields]
    if errors:
        message = "; ".join(f"{e.path.removeprefix('$.')}: {e.message}" for e in errors)
        raise ValidationFailed(message, errors)
    return cleaned[0], cleaned[1]


def _field(
    path: str,
    value: object,
    limit: int,
    known: set[str],
    values: dict[str, Any],
    errors: list[FieldError],
) -> str:
    """``value`` as a template, or "" with its problem added to ``errors``."""
    if not isinstance(value, str):
        errors.append(FieldError(path, "must be text"))
        return ""
    text = value.replace("\r\n", "\n").strip()
    problem = _problem(text, limit, known, values, html=path == "$.body")
    if problem:
        errors.append(FieldError(path, problem))
    return text


def _problem(text: str, limit: int, known: set[str], values: dict[str, Any], *, html: bool) -> str:
    if not text:
        return "is required"
    if len(text) > limit:
        return f"must be at most {limit} characters"
    try:
        check(text, known)
        shown = render_text(text, values, known)
        if html:
            render_text(text, values, known, html=True)
    except TemplateProblem as problem:
        return str(problem)
    return "" if shown.strip() else "shows nothing with the sample values"


def _putting(kind: str, custom: dict[str, str], own: bool) -> Callable[[Any], Any]:
    """What ``store_settings.change`` writes: the templates with this kind's replaced."""

    def update(now: Any) -> Any:
        templates = {k: v for k, v in (now or {}).items() if k != kind and k in KINDS}
        if own:
            templates[kind] = custom
        return templates or None

    return update


def _template(store: Store, kind: str) -> EmailTemplate:
    found = KINDS[kind]
    saved = _saved(store, kind)
    return EmailTemplate(
        kind=kind,
        title=found.title,
        to=found.to,
        subject=saved["subject"] if saved else found.subject,
        body=saved["body"] if saved else found.body,
        customised=saved is not None,
        placeholders=dict(found.placeholders),
    )


def _saved(store: Store, kind: str) -> dict[str, str] | None:
    """The owner's template of this kind, if they saved one."""
    saved = (store.settings.get(SETTING) or {}).get(kind)
    if not isinstance(saved, dict):
        return None
    subject, body = saved.get("subject"), saved.get("body")
    if not isinstance(subject, str) or not isinstance(body, str):
        return None
    return {"subject": subject, "body": body}


def _sample(store: Store, kind: str) -> dict[str, Any]:
    return sample(
        kind,
        store=store.name,
        slug=store.slug,
        currency=store.currency,
        base_url=get_settings().base_url,
    )


def _kind(kind: str) -> EmailKind:
    """
    Raises:
        NotFound: no such kind of e-mail.
    """
    if kind not in KINDS:
        raise NotFound(f"There is no e-mail '{kind[:40]}'; there are: {', '.join(KINDS)}.")
    return KINDS[kind]


def _readable(session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> Store:
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    return access.store


def _owned(session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> Store:
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_SETTINGS
    )
    return access.store


def _audit(
    session: Session, user_id: uuid.UUID, store_id: uuid.UUID, action: str, kind: str
) -> None:
    audit.record(
        session=session,
        action=action,
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"kind": kind},
    )
