"""E-mail templates: the owner's Jinja2 text becomes a subject, a plain text and a
branded HTML e-mail; what a template may not do is refused with its line."""

from __future__ import annotations

import pytest

from bizq_app.accounts.store_settings import Brand
from bizq_app.sales.email_kinds import KINDS, sample
from bizq_app.sales.email_rendering import TemplateProblem, check, render

BRAND = Brand(name="Glow & Co", tagline="Candles", accent="#ffeb3b", logo_url="")
KNOWN = {"name", "number", "status_url"}


def test_every_default_renders_with_its_sample_and_only_its_placeholders() -> None:
    for kind, found in KINDS.items():
        values = sample(kind, store="Glow", slug="glow", currency="EUR", base_url="http://x")
        mail = render(found.subject, found.body, values, BRAND, set(found.placeholders))
        assert mail.subject and "{{" not in mail.subject + mail.text
        assert mail.html.startswith("<!DOCTYPE html>")
        assert set(values) == set(found.placeholders)
        assert all(description for description in found.placeholders.values())


def test_the_html_escapes_values_and_the_owners_own_words() -> None:
    mail = render(
        "Hi {{ name }}",
        "Hello {{ name }}, <b>thanks</b> & see {{ status_url }}.\n\nBye",
        {"name": "<script>alert(1)</script>", "number": 1, "status_url": "https://s/o?t=a&b=c"},
        BRAND,
        KNOWN,
    )

    assert "<script>" not in mail.html and "<b>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
    assert "&lt;b&gt;thanks&lt;/b&gt; &amp; see" in mail.html
    assert '<a href="https://s/o?t=a&amp;b=c"' in mail.html  # a link, without the full stop
    assert mail.html.count("<p ") == 2  # the blank line parts paragraphs
    assert mail.text == (
        "Hello <script>alert(1)</script>, <b>thanks</b> & see https://s/o?t=a&b=c.\n\nBye"
    )
    assert mail.subject == "Hi <script>alert(1)</script>"


def test_the_layout_wears_the_brand_with_readable_text() -> None:
    dark = Brand(name="Night", tagline="", accent="#1f1f5c", logo_url="https://cdn.x/logo.png")

    light = render("S", "B", {}, BRAND, KNOWN).html
    night = render("S", "B", {}, dark, KNOWN).html

    assert "background-color:#ffeb3b;color:#000000;" in light  # black on yellow
    assert "Glow &amp; Co" in light and "<img" not in light
    assert "background-color:#1f1f5c;color:#ffffff;" in night  # white on navy
    assert '<img src="https://cdn.x/logo.png"' in night


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("Hello\n\n{{ name }", "line 3: unexpected '}'"),
        ("Hello {{ nme }}", "line 1: unknown placeholder 'nme'"),
        ("a\n{% for c in name %}{{ c }}{% endfor %}", "line 2: loops ({% for %}) cannot be used"),
        ("{{ name.__class__ }}", "line 1: attributes (name.something) cannot be used"),
        ("{{ name.upper() }}", "line 1: calling functions cannot be used"),
        ("{{ name * 1000000 }}", "line 1: arithmetic"),
        ("{{ name|safe }}", "line 1: unknown filter 'safe'"),
        ("{% autoescape false %}{{ name }}{% endautoescape %}", "line 1: {% autoescape %}"),
        ("{% include 'x' %}", "line 1: {% include %} cannot be used"),
        (
            "{% if name %}" * 120 + "{% endif %}" * 120,
            "line 1: blocks or brackets are nested too deeply",
        ),
        (
            "{{" + "(" * 2000 + "name" + ")" * 2000 + "}}",
            "line 1: blocks or brackets are nested too deeply",
        ),
    ],
)
def test_what_a_template_may_not_do_is_refused_with_its_line(source: str, problem: str) -> None:
    with pytest.raises(TemplateProblem) as refused:
        check(source, KNOWN)
    assert str(refused.value).startswith(problem)


def test_a_value_of_the_wrong_kind_fails_on_its_line() -> None:
    with pytest.raises(TemplateProblem, match=r"^line 2: .*iterable"):
        render("S", "Hi\n{{ number|first }}", {"number": 7}, BRAND, KNOWN)


def test_conditions_and_filters_are_allowed() -> None:
    body = "{% if name %}\nHi {{ name|title }},\n{% else %}\nHi,\n{% endif %}\n#{{ number }}"
    assert render("S", body, {"name": "ada", "number": 3}, BRAND, KNOWN).text == "Hi Ada,\n#3"
    assert render("S", body, {"name": "", "number": 3}, BRAND, KNOWN).text == "Hi,\n#3"
