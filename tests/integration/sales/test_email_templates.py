"""The owner words each e-mail the store sends: an edited template is checked, saved,
previewed and reset through the REST API, and buyers get it as HTML in the store's
brand with a plain-text copy, over a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from bizq_app.accounts.models import AuditEvent
from bizq_app.core.db import get_engine
from bizq_app.sales.email_kinds import KINDS
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import at_once, signup, start_rq_worker, stop, wait_for
from tests.integration.sales.test_order_pipeline import mails, settled
from tests.integration.sales.test_orders import cart, shop
from tests.standins.smtp_server import smtp_inbox

EDITED_BODY = (
    "Hi {{ name }}!\n\n"
    "Your candles from {{ store }} are being hand-poured right now.\n\n"
    "{{ lines }}\n\n"
    "{% if test_note %}This was a test order.{% endif %}\n"
    "Track it: {{ status_url }}"
)
CONFIRMATION = KINDS["order_confirmation"]


@pytest.fixture(autouse=True)
def seeded(clean_db: object) -> None:
    """The bundled task types a warehouse order's label task needs."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()


@pytest.fixture
def worker(redis_db: object) -> Iterator[None]:
    process = start_rq_worker()
    yield
    stop(process)


def emails(client: TestClient, auth: dict[str, str], store_id: str) -> dict[str, Any]:
    response = client.get(f"/api/stores/{store_id}/emails", headers=auth)
    assert response.status_code == 200, response.text
    return {e["kind"]: e for e in response.json()}


def save(
    client: TestClient, auth: dict[str, str], store_id: str, kind: str, subject: str, body: str
) -> Any:
    return client.put(
        f"/api/stores/{store_id}/emails/{kind}",
        json={"subject": subject, "body": body},
        headers=auth,
    )


def audited(store_id: str) -> list[tuple[str, str]]:
    with Session(get_engine()) as session:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).startswith("email_template."))
            .order_by(col(AuditEvent.created_at))
        ).all()
    return [(e.action, e.data["kind"]) for e in events if str(e.store_id) == store_id]


def test_every_e_mail_is_listed_with_its_placeholders(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)

    listed = emails(client, auth, store_id)

    assert (
        set(listed)
        == set(KINDS)
        >= {
            "order_confirmation",
            "order_shipped",
            "order_refunded",
            "review_request",
            "digital_download",
            "purchase_order",
        }
    )
    confirmation = listed["order_confirmation"]
    assert (confirmation["subject"], confirmation["body"]) == (
        CONFIRMATION.subject,
        CONFIRMATION.body,
    )
    assert confirmation["customised"] is False
    names = [p["name"] for p in confirmation["placeholders"]]
    assert {"name", "number", "store", "lines", "status_url", "test_note"} <= set(names)
    assert all(p["description"] for p in confirmation["placeholders"])


def test_an_edited_confirmation_reaches_the_buyer_as_html_with_a_text_copy(
    client: TestClient, redis_db: object
) -> None:
    auth, store_id, slug, product_id = shop(client)
    store_name = client.get(f"/api/stores/{store_id}", headers=auth).json()["name"]
    saved = save(
        client,
        auth,
        store_id,
        "order_confirmation",
        "Thanks {{ name }}: #{{ number }}",
        EDITED_BODY,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["customised"] is True

    with smtp_inbox() as (inbox, port):
        process = start_rq_worker({"BIZQ_SMTP_HOST": "127.0.0.1", "BIZQ_SMTP_PORT": str(port)})
        try:
            placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2))
            settled(client, auth, placed.json()["id"])
            wait_for(lambda: inbox.messages, what="the e-mail")
        finally:
            stop(process)
        message = inbox.parsed()

    assert message["Subject"] == f"Thanks Ada Buyer: #{placed.json()['number']}"
    assert message.get_content_type() == "multipart/alternative"
    text_part, html_part = message.iter_parts()
    assert text_part.get_content_type() == "text/plain"
    assert html_part.get_content_type() == "text/html"
    text, html = (p.get_content().replace("\r\n", "\n") for p in (text_part, html_part))
    assert text.startswith("Hi Ada Buyer!\n\nYour candles from ")
    assert "are being hand-poured right now." in text and "2 × Soy candle" in text
    assert "This was a test order." in text
    assert html.startswith("<!DOCTYPE html>")
    assert store_name in html
    assert f"Your candles from {store_name} are being hand-poured right now." in html
    assert "2 × Soy candle" in html
    assert "<a href=" in html and "/order?t=" in html  # the status link is a link
    assert "Thank you for your order" not in text + html  # none of BizQ's default wording


def test_a_template_that_does_not_parse_is_refused_with_its_line(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)
    before = emails(client, auth, store_id)["order_shipped"]

    refused = save(
        client,
        auth,
        store_id,
        "order_shipped",
        "On its way",
        "Hello {{ name }},\n\nIt shipped.\n{{ tracking }",
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_failed"
    assert refused.json()["errors"] == [{"path": "$.body", "message": "line 4: unexpected '}'"}]
    assert emails(client, auth, store_id)["order_shipped"] == before  # nothing changed
    assert audited(store_id) == []


def test_an_unknown_placeholder_is_refused(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)

    refused = save(
        client, auth, store_id, "order_refunded", "Refund for {{ customer }}", "We refunded you."
    )
    wrong_kind = save(  # a placeholder of another e-mail is unknown here
        client, auth, store_id, "review_request", "Rate us", "Your files: {{ links }}"
    )

    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["path"] == "$.subject"
    assert error["message"].startswith("line 1: unknown placeholder 'customer' (this e-mail has: ")
    assert wrong_kind.status_code == 422
    assert "unknown placeholder 'links'" in wrong_kind.json()["errors"][0]["message"]
    assert not any(e["customised"] for e in emails(client, auth, store_id).values())


def test_reset_goes_back_to_bizq_default(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)
    save(client, auth, store_id, "review_request", "Rate {{ store }}", "Hi {{ name }}")
    save(client, auth, store_id, "order_shipped", "Shipped!", "Hi {{ name }}, it shipped.")

    reset = client.delete(f"/api/stores/{store_id}/emails/review_request", headers=auth)

    assert reset.status_code == 200, reset.text
    assert (reset.json()["subject"], reset.json()["body"], reset.json()["customised"]) == (
        KINDS["review_request"].subject,
        KINDS["review_request"].body,
        False,
    )
    listed = emails(client, auth, store_id)
    assert listed["review_request"]["customised"] is False
    assert listed["order_shipped"]["customised"] is True  # the other edit stays
    assert audited(store_id) == [
        ("email_template.saved", "review_request"),
        ("email_template.saved", "order_shipped"),
        ("email_template.reset", "review_request"),
    ]


def test_edits_of_several_e_mails_at_once_all_stay(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)
    kinds = list(KINDS)

    answers = at_once(
        len(kinds),
        lambda i: save(client, auth, store_id, kinds[i], f"Subject {i}", "Order #{{ number }}"),
    )

    assert [a.status_code for a in answers] == [200] * len(kinds)
    listed = emails(client, auth, store_id)
    assert {k: listed[k]["subject"] for k in kinds} == {
        k: f"Subject {i}" for i, k in enumerate(kinds)
    }
    assert len(audited(store_id)) == len(kinds)


def test_a_preview_renders_a_draft_with_sample_values(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)

    shown = client.post(
        f"/api/stores/{store_id}/emails/digital_download/preview",
        json={"subject": "Files for {{ name }}", "body": "{{ links }}\n\n{{ days }} days"},
        headers=auth,
    )
    broken = client.post(
        f"/api/stores/{store_id}/emails/digital_download/preview",
        json={"body": "{% for link in links %}{{ link }}{% endfor %}"},
        headers=auth,
    )

    assert shown.status_code == 200, shown.text
    assert shown.json()["subject"] == "Files for Alex Morgan"
    assert shown.json()["text"].endswith("\n\n7 days")
    assert "/api/downloads/sample</a>" in shown.json()["html"]
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["message"].startswith("line 1: loops")
    assert not emails(client, auth, store_id)["digital_download"]["customised"]  # not saved


def test_only_the_stores_owner_changes_its_e_mails_and_strangers_see_none(
    client: TestClient,
) -> None:
    auth, store_id, _, _ = shop(client)
    manager = signup(client, "manager@example.com")
    client.post(
        f"/api/stores/{store_id}/members",
        json={"email": "manager@example.com", "role": "manager"},
        headers=auth,
    )
    stranger = signup(client, "stranger@example.com")
    base = f"/api/stores/{store_id}/emails"
    edit = {"subject": "Hi", "body": "Hello {{ name }}"}

    assert client.get(base, headers=manager).status_code == 200  # managers read
    assert client.put(f"{base}/order_shipped", json=edit, headers=manager).status_code == 403
    assert client.delete(f"{base}/order_shipped", headers=manager).status_code == 403
    assert client.get(base, headers=stranger).status_code == 403
    assert client.put(f"{base}/order_shipped", json=edit, headers=stranger).status_code == 403
    assert client.delete(f"{base}/order_shipped", headers=stranger).status_code == 403
    assert (
        client.post(f"{base}/order_shipped/preview", json={}, headers=stranger).status_code == 403
    )
    assert client.put(f"{base}/no_such_mail", json=edit, headers=stranger).status_code == 403
    assert client.put(f"{base}/no_such_mail", json=edit, headers=auth).status_code == 404
    assert client.get(base).status_code == 401
    assert not emails(client, auth, store_id)["order_shipped"]["customised"]


def test_bad_input_is_a_422_never_a_500(client: TestClient) -> None:
    auth, store_id, _, _ = shop(client)
    base = f"/api/stores/{store_id}/emails/order_shipped"

    answers = [
        client.put(base, json={"subject": "", "body": "x"}, headers=auth),
        client.put(base, json={"subject": "x", "body": "y" * 20_001}, headers=auth),
        client.put(base, json={"subject": 3, "body": ["x"]}, headers=auth),
        client.put(base, json={"subject": "x", "body": "{{ (" * 3000}, headers=auth),
        client.put(base, json={"subject": "x", "body": "{{ number|first }}"}, headers=auth),
        client.post(f"{base}/preview", json={"body": "{% if %}"}, headers=auth),
    ]

    assert [a.status_code for a in answers] == [422] * len(answers), [a.text for a in answers]


def test_a_buyers_name_is_escaped_in_the_html(client: TestClient, worker: None) -> None:
    auth, store_id, slug, product_id = shop(client)
    name = '<script>alert("x")</script>'

    placed = client.post(
        f"/api/storefront/{slug}/checkout", json={**cart(product_id), "name": name}
    )
    assert placed.status_code == 201, placed.text
    settled(client, auth, placed.json()["id"])
    [confirmation] = mails(client, auth, store_id)

    assert confirmation["body"].startswith(f"Hello {name},")  # the text copy is plain text
    assert "<script>" not in confirmation["html"]
    assert "Hello &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;," in confirmation["html"]
