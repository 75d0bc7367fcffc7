"""``/api/stores/{store_id}/emails``: the store's e-mails as its owner words them."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.sales import email_templates
from bizq_app.sales.email_templates import EmailTemplate

router = APIRouter(prefix="/stores/{store_id}/emails", tags=["e-mails"])


class PlaceholderOut(BaseModel):
    name: str
    description: str


class EmailTemplateOut(BaseModel):
    kind: str
    title: str
    to: str = Field(description="who receives this e-mail")
    subject: str = Field(description="a Jinja2 template, like `Your order #{{ number }}`")
    body: str = Field(description="a Jinja2 template of the text; BizQ makes the HTML from it")
    customised: bool = Field(description="the store's own words, not BizQ's default")
    placeholders: list[PlaceholderOut]

    @classmethod
    def of(cls, template: EmailTemplate) -> EmailTemplateOut:
        return cls(
            kind=template.kind,
            title=template.title,
            to=template.to,
            subject=template.subject,
            body=template.body,
            customised=template.customised,
            placeholders=[
                PlaceholderOut(name=n, description=d) for n, d in template.placeholders.items()
            ],
        )


class EmailTemplateIn(BaseModel):
    subject: str
    body: str


class PreviewIn(BaseModel):
    subject: str | None = Field(default=None, description="a draft; the saved one if absent")
    body: str | None = Field(default=None, description="a draft; the saved one if absent")


class PreviewOut(BaseModel):
    subject: str
    html: str
    text: str


@router.get("")
def list_emails(
    store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[EmailTemplateOut]:
    """Every e-mail the store sends: its subject and body, its placeholders, and whether
    the store changed BizQ's default."""
    found = email_templates.list_templates(session=session, user_id=user.id, store_id=store_id)
    return [EmailTemplateOut.of(t) for t in found]


@router.put("/{kind}")
def save_email(
    store_id: uuid.UUID, kind: str, body: EmailTemplateIn, user: CurrentUser, session: SessionDep
) -> EmailTemplateOut:
    """Save the store's subject and body for one e-mail (owners only; audited). A
    template that does not parse, names an unknown placeholder or fails with sample
    values is a 422 naming the field, the line and why."""
    saved = email_templates.save_template(
        session=session,
        user_id=user.id,
        store_id=store_id,
        kind=kind,
        subject=body.subject,
        body=body.body,
    )
    return EmailTemplateOut.of(saved)


@router.delete("/{kind}")
def reset_email(
    store_id: uuid.UUID, kind: str, user: CurrentUser, session: SessionDep
) -> EmailTemplateOut:
    """Go back to BizQ's default for one e-mail (owners only; audited)."""
    reset = email_templates.reset_template(
        session=session, user_id=user.id, store_id=store_id, kind=kind
    )
    return EmailTemplateOut.of(reset)


@router.post("/{kind}/preview")
def preview_email(
    store_id: uuid.UUID, kind: str, body: PreviewIn, user: CurrentUser, session: SessionDep
) -> PreviewOut:
    """The e-mail with sample values in the store's brand: the draft given, or the
    saved template. Checked as saving checks it."""
    shown = email_templates.preview(
        session=session,
        user_id=user.id,
        store_id=store_id,
        kind=kind,
        subject=body.subject,
        body=body.body,
    )
    return PreviewOut(subject=shown.subject, html=shown.html, text=shown.text)
