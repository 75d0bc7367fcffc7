"""Offline customer-service rules: schema-valid, input-dependent replies a seller can send."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizq_app.executors import complaints, outreach, returns, reviews, sentiment, support
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run
from tests.executor_runs import DEFINITIONS, run_rules
from tests.unit.tasks.test_offline_catalog import documents

EXECUTORS: dict[str, Callable[[Run, StoreData], dict[str, Any]]] = {
    "customer.answer_inquiry": support.answer_inquiry,
    "customer.respond_to_review": reviews.respond_to_review,
    "customer.handle_complaint": complaints.handle_complaint,
    "customer.process_return": returns.process_return,
    "customer.win_back": outreach.win_back,
    "marketing.review_generation": outreach.request_reviews,
}
ORDER = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def execute(task_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run one executor without a store (these types never read it) and check its output."""
    return dict(run_rules(EXECUTORS[task_type], task_type, data))


def inquiry(message: str, **extra: Any) -> dict[str, Any]:
    return execute("customer.answer_inquiry", {"message": message, **extra})


def review(text: str, rating: int, **extra: Any) -> dict[str, Any]:
    return execute("customer.respond_to_review", {"review_text": text, "rating": rating, **extra})


def complaint(text: str, **extra: Any) -> dict[str, Any]:
    return execute("customer.handle_complaint", {"complaint": text, **extra})


def return_request(reason: str, **extra: Any) -> dict[str, Any]:
    return execute("customer.process_return", {"order_id": ORDER, "reason": reason, **extra})


# --- answering messages -------------------------------------------------------------


def test_where_is_my_order_is_an_order_status_question_answered_with_its_number() -> None:
    answer = inquiry("Where is my order #1042?")

    assert answer["intent"] == "order_status"
    assert "1042" in answer["reply"]
    assert answer["escalation_needed"] is False
    assert any("tracking" in a for a in answer["suggested_actions"])
    assert answer["confidence"] >= 0.8


def test_the_order_id_given_with_the_message_is_quoted_when_the_customer_wrote_none() -> None:
    answer = inquiry("Has my order shipped yet?", order_id=ORDER)

    assert answer["intent"] == "order_status"
    assert ORDER in answer["reply"]


def test_a_chargeback_threat_goes_to_a_person() -> None:
    answer = inquiry("I will file a chargeback")

    assert answer["escalation_needed"] is True
    assert "chargeback" in answer["escalation_reason"]
    assert any("dispute" in a for a in answer["suggested_actions"])


def test_an_allergic_reaction_is_escalated_even_in_a_product_question() -> None:
    answer = inquiry("Does the soap contain nuts? My son had an allergic reaction.")

    assert answer["escalation_needed"] is True


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("How long does shipping take to Canada?", "shipping"),
        ("I'd like to return the lamp and get a refund", "returns"),
        ("The shoes are too small, can I exchange them for a bigger size?", "returns"),
        ("Is the candle made of soy wax?", "product_question"),
        ("Do you have a discount code for first orders?", "payment"),
        ("Please cancel my order, I ordered by mistake", "order_status"),
        ("This is unacceptable, the worst shop ever", "complaint"),
    ],
)
def test_messages_are_classified_by_what_the_customer_wants(message: str, intent: str) -> None:
    assert inquiry(message)["intent"] == intent


def test_a_message_the_rules_cannot_read_is_left_to_a_person_with_low_confidence() -> None:
    answer = inquiry("hmm")

    assert answer["intent"] == "other"
    assert answer["escalation_needed"] is True
    assert answer["confidence"] < 0.5


def test_the_reply_follows_the_tone_and_never_promises_a_refund() -> None:
    friendly = inquiry("I want to return this and get my money back", tone="friendly")
    formal = inquiry("I want to return this and get my money back", tone="professional")

    assert friendly["reply"] != formal["reply"]
    assert "return policy" in friendly["reply"]
    assert "refund" not in friendly["reply"].lower()


def test_a_product_question_names_the_product_asked_about() -> None:
    assert "the candle" in inquiry("Is the candle vegan?")["reply"]


# --- replying to reviews ------------------------------------------------------------


def test_a_one_star_review_of_a_broken_jar_is_flagged_and_apologises_for_the_damage() -> None:
    reply = review("The jar arrived broken, glass everywhere.", 1, reviewer_name="sam lee")

    assert reply["flag_for_owner"] is True
    assert reply["tone"] == "apologetic"
    assert "sorry" in reply["reply"] and "jar arrived broken" in reply["reply"]
    assert reply["reply"].startswith("Hi Sam,")
    assert "photo" in reply["follow_up_action"]


def test_a_glowing_review_gets_thanks_for_what_the_reviewer_praised() -> None:
    reply = review("Love the scent and it arrived so fast!", 5, reviewer_name="Ana")

    assert reply["tone"] == "grateful"
    assert reply["flag_for_owner"] is False
    assert "the scent" in reply["reply"] and "5-star" in reply["reply"]
    assert reply["follow_up_action"] is None


def test_a_mixed_three_star_review_is_answered_helpfully_on_its_complaints() -> None:
    reply = review("Nice candle but shipping was slow", 3, platform="etsy")

    assert reply["tone"] == "helpful"
    assert "delivery took longer" in reply["reply"]
    assert "Etsy" in reply["reply"]


def test_a_high_rating_with_a_safety_word_still_reaches_the_owner() -> None:
    reply = review("Lovely soap but I got a rash", 4)

    assert reply["flag_for_owner"] is True
    assert reply["tone"] != "grateful"


# --- complaints ---------------------------------------------------------------------


def test_a_damaged_order_gets_a_replacement_and_a_check_a_week_later() -> None:
    handled = complaint("My vase arrived cracked.", severity="low")

    assert handled["root_cause"].startswith("Damaged in transit")
    assert handled["compensation"] == {"type": "replacement", "amount": None}
    assert handled["follow_up_in_days"] == 7
    assert handled["escalate_to_owner"] is False


def test_compensation_grows_with_customer_value_but_never_passes_the_cap() -> None:
    new = complaint("The quality is poor, it fell apart", severity="medium")
    loyal = complaint(
        "The quality is poor, it fell apart",
        severity="medium",
        customer_lifetime_value=300,
        max_compensation=100,
    )
    capped = complaint(
        "The quality is poor, it fell apart",
        severity="high",
        customer_lifetime_value=2000,
        max_compensation=12.5,
    )

    assert new["compensation"] == {"type": "partial_refund", "amount": 10.0}
    assert loyal["compensation"]["amount"] == 15.0
    assert capped["compensation"]["amount"] == 12.5
    assert capped["escalate_to_owner"] is True


def test_legal_threats_go_to_the_owner_and_no_money_is_offered_when_the_cap_is_zero() -> None:
    handled = complaint("Slow delivery. I'm calling my lawyer.", max_compensation=0)

    assert handled["escalate_to_owner"] is True
    assert handled["compensation"]["type"] == "none"
    assert handled["follow_up_in_days"] == 1


# --- returns ------------------------------------------------------------------------


def test_a_damaged_item_is_refunded_in_full_without_sending_it_back() -> None:
    decided = return_request("damaged", refund_requested=24.5)

    assert decided["decision"] == "approved"
    assert decided["refund_amount"] == 24.5
    assert decided["return_label_needed"] is False
    assert decided["restock"] is False


def test_a_change_of_mind_within_the_window_is_refunded_on_return() -> None:
    decided = return_request("changed_mind", refund_requested=30, customer_message="a week ago")

    assert decided["decision"] == "approved"
    assert decided["refund_amount"] == 30
    assert decided["return_label_needed"] is True
    assert decided["restock"] is True


def test_a_return_outside_the_window_is_not_refunded_in_full() -> None:
    late = return_request(
        "changed_mind",
        refund_requested=30,
        return_window_days=14,
        customer_message="I bought it 2 months ago and don't need it now",
    )
    too_late = return_request("too_late", refund_requested=30)
    late_damage = return_request("damaged", refund_requested=30, customer_message="3 months ago")

    assert late["decision"] == "denied" and late["refund_amount"] == 0
    assert "14-day" in late["customer_message"]
    assert too_late["refund_amount"] == 0
    assert late_damage["decision"] == "partial" and late_damage["refund_amount"] == 15


def test_without_an_amount_nothing_is_refunded_and_the_note_says_why() -> None:
    decided = return_request("wrong_item")

    assert decided["refund_amount"] == 0
    assert "No amount was given" in decided["internal_note"]


def test_an_other_reason_naming_damage_is_treated_as_damage() -> None:
    decided = return_request("other", customer_message="it came smashed", refund_requested=8)

    assert decided["return_label_needed"] is False
    assert decided["refund_amount"] == 8


# --- win-back and review requests ---------------------------------------------------


def test_win_back_offers_grow_with_time_away_within_the_largest_discount() -> None:
    base = {"customer_email": "ana@example.com", "customer_name": "ana", "max_discount_percent": 20}
    recent = execute("customer.win_back", {**base, "days_since_last_order": 30})
    lapsed = execute("customer.win_back", {**base, "days_since_last_order": 100})
    gone = execute(
        "customer.win_back",
        {**base, "days_since_last_order": 400, "favourite_products": ["Oat soap"]},
    )

    assert recent["offer"]["discount_percent"] is None
    assert lapsed["offer"]["discount_percent"] == 13
    assert gone["offer"]["discount_percent"] == 20
    assert "Oat soap" in gone["message"] and gone["message"].startswith("Hi Ana")


def test_a_win_back_text_has_no_subject_and_an_opt_out() -> None:
    sent = execute("customer.win_back", {"customer_email": "a@example.com", "channel": "sms"})

    assert sent["subject"] is None
    assert "STOP" in sent["message"]


def test_review_requests_keep_incentives_neutral_and_disclosed() -> None:
    fair = execute("marketing.review_generation", {"incentive": "a free sample"})
    tied = execute("marketing.review_generation", {"incentive": "10% off for a 5-star review"})

    assert "any honest review" in fair["request_message"]["body"]
    assert "a free sample" in fair["reminder_message"]["body"]
    assert any("disclose" in n for n in fair["compliance_notes"])
    assert "5-star" not in tied["request_message"]["body"]
    assert any("reword" in n for n in tied["compliance_notes"])


def test_review_requests_are_timed_from_delivery() -> None:
    early = execute("marketing.review_generation", {"days_since_delivery": 2, "channel": "sms"})
    late = execute("marketing.review_generation", {"days_since_delivery": 40})

    assert early["send_after_days"] == 2 and late["send_after_days"] == 40
    assert early["reminder_after_days"] > late["reminder_after_days"]
    assert early["request_message"]["subject"] is None
    assert any("5-10 days" in n for n in early["compliance_notes"])


# --- any valid input ----------------------------------------------------------------


@pytest.mark.parametrize("task_type", sorted(EXECUTORS))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_valid_inputs_always_give_valid_deterministic_output(
    task_type: str, data: st.DataObject
) -> None:
    document = data.draw(documents(DEFINITIONS[task_type]["input_schema"]))

    assert execute(task_type, document) == execute(task_type, document)


def test_the_public_sentiment_helper_matches_the_review_analysis() -> None:
    score, label = sentiment.text_sentiment("Really love it, but it arrived late", 4)
    run = Run(
        uuid.uuid4(),
        uuid.uuid4(),
        1,
        "x",
        {"reviews": [{"text": "Really love it, but it arrived late", "rating": 4}]},
        None,
    )

    result = sentiment.analyze_reviews(run, StoreData(uuid.uuid4(), None))

    assert (result["reviews"][0]["score"], result["reviews"][0]["label"]) == (score, label)
