"""The timeline as the seller reads it: plain words, readable dates, references kept for
"Details"."""

from __future__ import annotations

from bizq_app.sales import order_timeline

TASK = "26f6a3b2-1111-2222-3333-444455556666"


def test_references_leave_the_note_and_wait_behind_details() -> None:
    assert order_timeline.plain("Paid 28.99 USD (testpay_abc123).") == (
        "Paid 28.99 USD.",
        "testpay_abc123",
    )
    assert order_timeline.plain(f"Pick list: 1 × Candle. Shipping label task {TASK}.") == (
        "Pick list: 1 × Candle. Shipping label task started.",
        TASK,
    )
    assert order_timeline.plain(
        "Placed with Printful as order 77 (draft, cost 9.00 USD; external id "
        "bizq-0123456789abcdef01234567)."
    ) == (
        "Placed with Printful as order 77 (draft, cost 9.00 USD).",
        "bizq-0123456789abcdef01234567",
    )


def test_a_failed_group_is_named_in_words() -> None:
    note, details = order_timeline.plain(f"fulfil:dropship:{TASK}: Printful is not connected.")

    assert (note, details) == ("Dropshipped items: Printful is not connected.", "")


def test_steps_and_dates_read_the_same_in_every_locale() -> None:
    assert order_timeline.when("2026-12-07T14:03:09+00:00") == "7 Dec 2026, 14:03"
    assert order_timeline.step_of("fulfil:dropship:abc").name == "Sent to the supplier"
    assert order_timeline.step_of("charged").name == "Paid"
    [shown] = order_timeline.for_seller(
        [{"at": "2026-01-02T09:05:00+00:00", "step": "charged", "note": "Paid 1.00 USD (pi_9)."}]
    )
    assert shown == {
        "at": "2 Jan 2026, 09:05",
        "label": "Paid",
        "note": "Paid 1.00 USD.",
        "details": "pi_9",
        "by": "",
    }
