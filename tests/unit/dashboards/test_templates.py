"""Dashboard templates: the schema, every class of bad template, migrations, shipped ones."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import Session, col, select

from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.dashboards import components
from bizq_app.dashboards.component_variants import register_variant
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_migrations import MIGRATIONS, upgrade
from bizq_app.dashboards.template_schema import template_json_schema
from bizq_app.dashboards.template_validation import validate_template
from bizq_app.dashboards.templates import shipped_templates, sync_shipped_templates
from tests.factories import make_store

Doc = dict[str, Any]


def valid() -> Doc:
    return {
        "schemaVersion": 2,
        "name": "Mine",
        "category": "custom",
        "theme": {"accent": "jade", "radius": "large"},
        "layouts": {
            "desktop": [
                {"i": "hello", "x": 0, "y": 0, "w": 12, "h": 1},
                {"i": "sales", "x": 0, "y": 1, "w": 3, "h": 2},
                {"i": "stock", "x": 3, "y": 1, "w": 6, "h": 4},
            ],
            "mobile": [{"i": "hello", "x": 0, "y": 0, "w": 4, "h": 1}],
        },
        "blocks": [
            {"id": "hello", "component": "heading", "props": {"text": "Hello"}},
            {"id": "sales", "component": "metric_revenue", "props": {"period": "week"}},
            {
                "id": "stock",
                "component": "low_stock",
                "props": {"threshold": 3},
                "actions": [
                    {
                        "label": "Reorder",
                        "execute": "task://operations.reorder_stock",
                        "params": {"lead_time_days": 10},
                    },
                    {"label": "Export", "execute": "api://export_products"},
                ],
            },
        ],
        "automations": [
            {
                "id": "reorder",
                "trigger": {"event": "inventory.low"},
                "conditions": [{"field": "inventory_quantity", "op": "lt", "value": 5}],
                "action": {"execute": "task://operations.reorder_stock", "params": {}},
            }
        ],
    }


def paths_of(document: Doc) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        validate_template(document)
    return {e.path: e.message for e in caught.value.errors}


def changed(edit: Callable[[Doc], object]) -> Doc:
    document = copy.deepcopy(valid())
    edit(document)
    return document


def test_a_valid_template_comes_back_with_its_defaults() -> None:
    cleaned = validate_template(valid())

    assert cleaned["blocks"][0] == {
        "id": "hello",
        "component": "heading",
        "props": {"text": "Hello"},
        "actions": [],
    }
    assert cleaned["theme"] == {"accent": "jade", "radius": "large"}


def test_the_published_schema_is_draft_2020_12_and_knows_every_component() -> None:
    schema = template_json_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    rules = schema["$defs"]["block"]["allOf"]
    assert len(rules) == len(components.available()) >= 25


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<script>alert(1)</script>", "must not contain a <script> tag"),
        ("Hi <b>there</b>", "must not contain HTML tags"),
        ("JavaScript:alert(1)", "must not contain a javascript: URL"),
        ("data:text/html;base64,PGI+", "must not contain a data:text/html URL"),
        ("x onerror=alert(1)", "must not contain an on…= event handler"),
    ],
)
def test_markup_or_script_in_any_string_is_refused(text: str, reason: str) -> None:
    document = changed(lambda d: d["blocks"][0]["props"].update(text=text))

    assert paths_of(document) == {"$.blocks[0].props.text": reason}


def test_an_image_may_not_point_at_a_javascript_or_data_url() -> None:
    def edit(d: Doc) -> None:
        d["blocks"][0] = {"id": "hello", "component": "image", "props": {"src": "data:image/png,x"}}

    assert list(paths_of(changed(edit))) == ["$.blocks[0].props.src"]


def test_an_unknown_component_is_refused() -> None:
    document = changed(lambda d: d["blocks"][1].update(component="crypto_miner"))

    assert paths_of(document) == {
        "$.blocks[1].component": "'crypto_miner' is not a known component"
    }


def test_props_that_break_the_components_schema_are_refused() -> None:
    document = changed(lambda d: d["blocks"][2]["props"].update(threshold=-1, colour="red"))

    assert set(paths_of(document)) == {"$.blocks[2].props", "$.blocks[2].props.threshold"}


def test_a_task_action_must_name_a_known_task_type() -> None:
    document = changed(lambda d: d["blocks"][2]["actions"][0].update(execute="task://shop.burn_it"))

    assert paths_of(document) == {
        "$.blocks[2].actions[0].execute": "'shop.burn_it' is not a known task type"
    }


def test_task_params_must_match_the_task_types_input_schema() -> None:
    document = changed(lambda d: d["automations"][0]["action"]["params"].update(budget="lots"))

    assert paths_of(document) == {
        "$.automations[0].action.params.budget": "'lots' is not of type 'number'"
    }


def test_a_task_launcher_lists_only_known_task_types() -> None:
    def edit(d: Doc) -> None:
        d["blocks"][2] = {
            "id": "stock",
            "component": "task_launcher",
            "props": {"task_types": ["market.research_niche", "market.guess_lottery"]},
        }

    assert list(paths_of(changed(edit))) == ["$.blocks[2].props.task_types[1]"]


def test_an_api_action_must_be_on_the_allow_list() -> None:
    document = changed(lambda d: d["blocks"][2]["actions"][1].update(execute="api://delete_store"))

    message = paths_of(document)["$.blocks[2].actions[1].execute"]
    assert message.startswith("'delete_store' is not an allowed API action")


def test_a_layout_cell_must_name_a_block() -> None:
    document = changed(
        lambda d: d["layouts"]["mobile"].append({"i": "ghost", "x": 0, "y": 1, "w": 4, "h": 1})
    )

    assert paths_of(document) == {"$.layouts.mobile[1].i": "'ghost' is not the id of a block"}


def test_blocks_may_not_overlap_on_the_desktop() -> None:
    document = changed(lambda d: d["layouts"]["desktop"][2].update(x=2))

    assert paths_of(document) == {"$.layouts.desktop[2]": "overlaps block 'sales'"}


def test_a_cell_must_fit_the_grid_of_its_breakpoint() -> None:
    def edit(d: Doc) -> None:
        d["layouts"]["desktop"][2].update(x=9, w=4)
        d["layouts"]["mobile"][0].update(w=5)

    assert paths_of(changed(edit)) == {
        "$.layouts.desktop[2].w": "reaches column 13; the desktop grid has 12",
        "$.layouts.mobile[0].w": "reaches column 5; the mobile grid has 4",
    }


def test_block_ids_are_unique() -> None:
    document = changed(lambda d: d["blocks"][2].update(id="sales"))

    errors = paths_of(document)
    assert errors["$.blocks[2].id"] == "repeats the id of $.blocks[1]"


def test_at_most_60_blocks() -> None:
    def edit(d: Doc) -> None:
        d["blocks"] += [{"id": f"b{n}", "component": "divider"} for n in range(58)]

    assert list(paths_of(changed(edit))) == ["$.blocks"]


def test_a_huge_document_is_refused_before_anything_else() -> None:
    document = changed(lambda d: d.update(description="x" * 210_000))

    assert list(paths_of(document)) == ["$"]


def test_every_problem_is_listed_at_once() -> None:
    def edit(d: Doc) -> None:
        d["blocks"][0]["props"]["text"] = "<i>hi</i>"
        d["blocks"][1]["component"] = "nope"
        d["layouts"]["desktop"][2]["x"] = 10

    assert set(paths_of(changed(edit))) == {
        "$.blocks[0].props.text",
        "$.blocks[1].component",
        "$.layouts.desktop[2].w",
    }


def v1_document() -> Doc:
    return {
        "schemaVersion": 1,
        "name": "Old dashboard",
        "category": "growth",
        "theme": {"primaryColor": "teal"},
        "blocks": [
            {
                "id": "revenue",
                "component": "metric_revenue",
                "props": {"period": "month"},
                "position": {"x": 0, "y": 0},
                "size": {"w": 4, "h": 2},
            },
            {
                "id": "chart",
                "component": "chart_revenue",
                "props": {"days": 90},
                "position": {"x": 4, "y": 0},
                "size": {"w": 8, "h": 4},
            },
        ],
        "automations": [{"trigger": "daily", "action": "task://operations.check_stock_levels"}],
    }


def test_a_version_1_document_is_upgraded_to_version_2() -> None:
    upgraded = upgrade(v1_document())

    assert sorted(MIGRATIONS) == [1]
    assert upgraded["schemaVersion"] == 2
    assert upgraded["layouts"]["desktop"] == [
        {"i": "revenue", "x": 0, "y": 0, "w": 4, "h": 2},
        {"i": "chart", "x": 4, "y": 0, "w": 8, "h": 4},
    ]
    assert upgraded["layouts"]["mobile"] == [
        {"i": "revenue", "x": 0, "y": 0, "w": 4, "h": 2},
        {"i": "chart", "x": 0, "y": 2, "w": 4, "h": 4},
    ]
    assert upgraded["blocks"][0] == {
        "id": "revenue",
        "component": "metric_revenue",
        "props": {"period": "month"},
    }
    assert upgraded["theme"] == {"accent": "teal", "radius": "medium"}
    assert upgraded["automations"][0] == {
        "id": "automation_1",
        "trigger": {"schedule": "daily"},
        "action": {"execute": "task://operations.check_stock_levels", "params": {}},
    }
    assert validate_template(v1_document())["layouts"] == upgraded["layouts"]


def test_a_version_1_layout_list_wins_over_block_positions() -> None:
    document = v1_document()
    document["layout"] = [
        {"i": "chart", "x": 0, "y": 0, "w": 12, "h": 4},
        {"i": "revenue", "x": 0, "y": 4, "w": 3, "h": 2},
    ]

    upgraded = upgrade(document)

    assert upgraded["layouts"]["desktop"] == document["layout"]
    assert [i["i"] for i in upgraded["layouts"]["mobile"]] == ["chart", "revenue"]
    assert "layout" not in upgraded


def test_an_unknown_schema_version_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        upgrade({**valid(), "schemaVersion": 7})

    assert caught.value.errors[0].path == "$.schemaVersion"


def test_the_shipped_templates_are_valid_and_fit_their_stage() -> None:
    starter, growth, scale = shipped_templates()

    for document in (starter, growth, scale):
        assert validate_template(document) == document
    assert [d["category"] for d in (starter, growth, scale)] == ["starter", "growth", "scale"]
    assert {"setup_checklist", "brand_card", "niche_report", "task_launcher"} <= kinds(starter)
    assert {"metric_revenue", "chart_orders", "low_stock", "supplier_suggestions"} <= kinds(growth)
    assert {"metric_conversion", "metric_inventory", "task_list"} <= kinds(scale)
    assert len(scale["blocks"]) >= 15
    assert starter["automations"][0]["action"]["execute"] == "task://operations.reorder_stock"


def kinds(document: Doc) -> set[str]:
    return {b["component"] for b in document["blocks"]}


def test_syncing_the_shipped_templates_twice_adds_them_once(session: Session) -> None:
    sync_shipped_templates(session=session)

    again = sync_shipped_templates(session=session)

    rows = session.exec(select(UITemplate).where(col(UITemplate.store_id).is_(None))).all()
    assert again == 0
    assert sorted(r.name for r in rows) == ["Growth", "Scale", "Starter"]


def test_a_registered_variant_is_usable_in_that_stores_templates(session: Session) -> None:
    store = make_store(session)
    owner = store.store.created_by_id
    register_variant(
        session=session,
        user_id=owner,
        store_id=store.store.id,
        name="weekly_sales",
        base="metric_revenue",
        props={"period": "week"},
        description="Revenue this week",
    )
    document = changed(lambda d: d["blocks"][1].update(component="weekly_sales", props={}))

    cleaned = validate_template(document, session=session, store_id=store.store.id)
    bad = changed(
        lambda d: d["blocks"][1].update(component="weekly_sales", props={"period": "year"})
    )

    assert cleaned["blocks"][1]["component"] == "weekly_sales"
    with pytest.raises(ValidationFailed) as caught:
        validate_template(bad, session=session, store_id=store.store.id)
    assert [e.path for e in caught.value.errors] == ["$.blocks[1].props.period"]
    with pytest.raises(ValidationFailed):
        validate_template(document)  # another store (or none) does not know the variant


def test_a_variant_may_not_take_a_built_in_name_or_bad_props(session: Session) -> None:
    store = make_store(session)
    common = {"session": session, "user_id": store.store.created_by_id, "store_id": store.store.id}

    with pytest.raises(Conflict):
        register_variant(**common, name="heading", base="text", props={"text": "x"})
    with pytest.raises(ValidationFailed) as caught:
        register_variant(**common, name="my_chart", base="chart_orders", props={"days": 3})
    assert [e.path for e in caught.value.errors] == ["$.props.days"]
