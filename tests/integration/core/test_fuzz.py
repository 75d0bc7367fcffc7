"""No 5xx anywhere: schemathesis walks the app's own OpenAPI document and calls every
operation as a store's owner, with generated input the schema allows and input it does
not. Half of the calls name the owner's real store, product and order (and the routes
that take a free-form object get a well-formed one with fuzzed values), so they get
past the 404 and into BizQ's own rules. Every answer must be below 500; the one 5xx
BizQ means to give is a 503 ``configuration_error`` (a feature whose outside service
this install has not set up, such as Stripe's webhook).

Bounded for CI: a fixed number of cases per operation, derandomised so a failure comes
back on the next run, and everything in one test so the owner's store is made once.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation, BaseSchema

from tests.integration.accounts.test_authorisation_matrix import first_store
from tests.integration.automations.test_api_automation_rules import BIG_ORDERS
from tests.integration.conftest import signup
from tests.integration.sales.test_orders import VISA, cart
from tests.integration.setup.test_quick_setup import ANSWERS

CASES_PER_OPERATION = 10
HELPER = "helper@example.com"
# Calls that end the owner's login (this one, every one, or every one through a new
# password): fuzzed, they would sign the run out half way and every later operation
# would stop at 401 instead of reaching BizQ's rules.
ENDS_LOGIN = frozenset({"/api/auth/logout", "/api/auth/logout-everywhere", "/api/auth/password"})
# Deleting the store, or the owner's own membership, leaves nothing for the operations
# after it to act on: those run last, after every other delete.
ENDS_STORE = frozenset({"/api/stores/{store_id}", "/api/stores/{store_id}/members/{member_id}"})
# The token goes on every call; schemathesis does not drop it to test the 401.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})

RUN = settings(
    max_examples=CASES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def well_formed(ids: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A body each of these routes accepts, by operation label: the free-form ones, and
    those whose fields must name something real (a task type, a card) to get anywhere."""
    product = {"title": "Mug", "price": "12.00", "inventory_quantity": 3, "status": "active"}
    task = {"type": "customer.analyze_review_sentiment", "input": {"reviews": [{"text": "Ok"}]}}
    return {
        "POST /api/products": {"store_id": ids["store_id"], "sku": "MUG-1", **product},
        "PUT /api/products/{product_id}": product,
        "POST /api/storefront/{slug}/checkout": cart(ids["product_id"], 1),
        "POST /api/storefront/{slug}/events": {"kind": "view", "visitor": "visitor-0001"},
        "POST /api/stores/quick-setup": ANSWERS,
        "POST /api/stores/{store_id}/automations": {**BIG_ORDERS, "id": "fuzzed_rule"},
        "PUT /api/stores/{store_id}/automations/{rule_id}": BIG_ORDERS,
        "POST /api/tasks": {"store_id": ids["store_id"], **task},
        "POST /api/recurring-tasks": {
            "store_id": ids["store_id"],
            **task,
            "every": 7,
            "unit": "days",
        },
        "POST /api/orders/{order_id}/refund": {"amount": "1.00", "reason": "Chipped"},
        "POST /api/stores/{store_id}/members": {"email": HELPER, "role": "manager"},
        "POST /api/stores/{store_id}/credits/purchases": {"credits": 100, "payment_method": VISA},
    }


def near(body: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``body`` as it is, or with one of its values swapped for arbitrary JSON."""
    swapped = st.sampled_from(sorted(body)).flatmap(
        lambda key: JSON.map(lambda value: {**body, key: value})
    )
    return st.just(body) | swapped


def real_ids(client: TestClient) -> tuple[dict[str, str], dict[str, Any]]:
    """The owner's token, and the ids and names of the owner's records by parameter name."""
    auth, ids = first_store(client)
    signup(client, HELPER)  # an account the owner can add to the store
    store = client.get(f"/api/stores/{ids['store_id']}", headers=auth).json()
    return auth, {
        **ids,
        "slug": store["slug"],
        "kind": "order_confirmation",
        "name": "customer.analyze_review_sentiment",
    }


def aim(case: Case, ids: dict[str, Any], body: dict[str, Any] | None) -> None:
    """Name the owner's records wherever the case has a parameter or field of that name,
    in a well-formed ``body`` where the route has one."""
    for container in (case.path_parameters, case.query):
        if container:
            container.update({k: ids[k] for k in container if k in ids})
    if body is not None:
        case.body = body
    if isinstance(case.body, dict):
        case.body.update({k: ids[k] for k in case.body if k in ids})
        case.body.update(
            {k: [ids[k[:-1]]] for k in case.body if k.endswith("_ids") and k[:-1] in ids}
        )


def intended(path: str, status: int, body: bytes) -> bool:
    """An answer below 500, the 503 of a feature this install has not set up, or the
    health check's 503 naming a part that did not answer in time (a queue busy with the
    jobs the fuzzing itself queued: that is the health check's documented answer)."""
    if status == 503 and path == "/api/health":
        return b'"ok":false' in body.replace(b" ", b"")
    return status < 500 or (status == 503 and b'"code":"configuration_error"' in body)


Send = Callable[[Case, bool, dict[str, Any] | None], list[str]]


def fuzzed(operation: APIOperation, send: Send, body: dict[str, Any] | None) -> list[str]:
    """Every unintended answer to ``CASES_PER_OPERATION`` valid and invalid calls."""
    found: list[str] = []
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    bodies = st.none() if body is None else near(body)

    @RUN
    @given(case=cases, aimed=st.booleans(), body=bodies)
    def run(case: Case, aimed: bool, body: dict[str, Any] | None) -> None:
        found.extend(send(case, aimed, body))

    run()
    return found


def in_order(schema: BaseSchema) -> list[APIOperation]:
    """Every operation of the document (one it cannot read fails the test), deletes last."""
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the OpenAPI document is not valid: {result.err()}"
        operations.append(result.ok())
    return sorted(
        operations,
        key=lambda op: (op.method.upper() == "DELETE", op.path in ENDS_STORE, op.label),
    )


def test_no_operation_answers_a_5xx(client: TestClient, rq_worker: object) -> None:
    # rq_worker: the queued jobs are taken, so a listing rewrite or the health check's
    # round trip answers at once instead of waiting out its timeout.
    auth, ids = real_ids(client)
    bodies = well_formed(ids)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app, config=CONFIG)
    operations = in_order(schema)

    def send(case: Case, aimed: bool, body: dict[str, Any] | None) -> list[str]:
        if aimed:
            aim(case, ids, body)
        try:
            response = case.call(headers=auth)
        except Exception:  # the app raised past its own error handler
            return [f"{case.method} {case.formatted_path} raised\n{traceback.format_exc()}"]
        if intended(case.path, response.status_code, response.content):
            return []
        return [
            f"{case.method} {case.formatted_path} → {response.status_code}\n"
            f"  query={case.query} body={str(case.body)[:300]}\n  {response.text[:300]}"
        ]

    broken, checked = [], 0
    for operation in operations:
        if operation.path in ENDS_LOGIN:
            continue
        broken.extend(fuzzed(operation, send, bodies.get(operation.label)))
        checked += 1

    assert checked > 120
    assert broken == [], "\n".join(broken)
