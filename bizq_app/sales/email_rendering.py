"""Turning an e-mail template (Jinja2 text) into its subject, plain text and HTML.

Owners edit templates, so templates run in Jinja2's sandbox and may use only what an
e-mail needs: placeholders, ``{% if %}`` and a few filters. Loops, calls, attributes and
``{% set %}`` are refused, so rendering takes time in proportion to the template and
its values and never runs the owner's code. Every placeholder must be one the kind of
e-mail offers (``StrictUndefined``): a misspelt one is an error, never an empty gap.

The body is text: BizQ makes the HTML from it (each paragraph a ``<p>``, each web
address a link) and puts it in BizQ's branded layout. In the HTML every value and every
word of the template is escaped, so a buyer named ``<script>`` is shown, never run.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, StrictUndefined, Template, TemplateError, TemplateSyntaxError, nodes
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from bizq_app.accounts.store_settings import Brand
from bizq_app.core import colours

# What a template may contain (anything else is refused with its line).
ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.If,
    nodes.CondExpr,
    nodes.Filter,
    nodes.Test,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Concat,
    nodes.Keyword,
)
# Filters that cannot make their text much longer than it was (no padding, repeating
# or formatting), so no template can blow up in size.
FILTERS = (
    "abs",
    "capitalize",
    "d",
    "default",
    "e",
    "escape",
    "first",
    "float",
    "int",
    "last",
    "length",
    "lower",
    "round",
    "string",
    "striptags",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
)
# What the refused constructs are called in the error an owner reads (first match).
REFUSED: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.For, "loops ({% for %})"),
    (nodes.Assign, "{% set %}"),
    (nodes.AssignBlock, "{% set %}"),
    (nodes.Macro, "macros"),
    (nodes.CallBlock, "{% call %}"),
    (nodes.Call, "calling functions"),
    (nodes.Getattr, "attributes (name.something)"),
    (nodes.Getitem, "indexing (name[…])"),
    (nodes.Include, "{% include %}"),
    (nodes.Import, "{% import %}"),
    (nodes.FromImport, "{% from … import %}"),
    (nodes.Extends, "{% extends %}"),
    (nodes.Block, "{% block %}"),
    (nodes.FilterBlock, "{% filter %}"),
    (nodes.Scope, "{% autoescape %} or {% with %}"),
    (nodes.ScopedEvalContextModifier, "{% autoescape %}"),
    (nodes.With, "{% with %}"),
    (nodes.BinExpr, "arithmetic (+, -, *, /, %)"),
    (nodes.UnaryExpr, "arithmetic (+, -)"),
    (nodes.Literal, "lists, tuples and dicts"),
)
# What a template can raise while rendering (a sandbox refusal, a missing value, a
# filter given the wrong type of value).
RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError)
# A web address in escaped text ends before an escaped <, >, " or '.
_WEB_ADDRESS = re.compile(r"https?://(?:(?!&lt;|&gt;|&#34;|&#39;|&quot;)[^\s<>\"'])+")
_TRAILING = ".,;:!?)"
_FONT = "font-family:Helvetica,Arial,sans-serif;"
_INK = "#1f2937"  # body text on the white card: 14.7:1


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class TemplateProblem(Exception):
    """Why a template cannot be used, and on which line (1 when unknown)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def render(
    subject: str, body: str, context: Mapping[str, Any], brand: Brand, known: set[str]
) -> Rendered:
    """The e-mail: its subject on one line, the body as text, and as HTML in the layout.

    Raises:
        TemplateProblem: the subject or body breaks a rule (``known`` names the
            placeholders it may use), or fails to render with ``context``.
    """
    title = " ".join(render_text(subject, context, known).split())
    text = render_text(body, context, known)
    escaped = render_text(body, context, known, html=True)
    return Rendered(subject=title, text=text, html=_layout(title, text, escaped, brand))


def render_text(
    source: str, context: Mapping[str, Any], known: set[str], *, html: bool = False
) -> str:
    """One template rendered: as text, or with ``html`` escaped for HTML.

    Raises:
        TemplateProblem: as ``render``.
    """
    return _run(_compiled(source, html=html, known=frozenset(known)), context)


def check(source: str, known: set[str]) -> None:
    """Parse ``source`` and refuse what templates may not contain.

    Raises:
        TemplateProblem: a syntax error, a refused construct, an unknown placeholder,
            filter or test.
    """
    _compiled(source, html=False, known=frozenset(known))


@functools.lru_cache(maxsize=512)
def _compiled(source: str, *, html: bool, known: frozenset[str]) -> Template:
    environment = _ENVIRONMENTS[html]
    try:
        tree = environment.parse(source)
        for node in _walk(tree):
            _allowed(node, known)
        return environment.from_string(tree)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.lineno, exc.message or "syntax error") from exc
    except TemplateError as exc:
        raise TemplateProblem(getattr(exc, "lineno", 1) or 1, exc.message or str(exc)) from exc
    except (RecursionError, SyntaxError) as exc:  # Python's limits on nesting
        raise TemplateProblem(1, "blocks or brackets are nested too deeply") from exc


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


def _allowed(node: nodes.Node, known: frozenset[str]) -> None:
    line = getattr(node, "lineno", 1) or 1
    if not isinstance(node, ALLOWED_NODES):
        what = next((name for kind, name in REFUSED if isinstance(node, kind)), "this")
        raise TemplateProblem(
            line, f"{what} cannot be used in an e-mail; use placeholders, {{% if %}} and filters"
        )
    if isinstance(node, nodes.Name) and node.name not in known:
        raise TemplateProblem(
            line, f"unknown placeholder '{node.name}' (this e-mail has: {', '.join(sorted(known))})"
        )
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        raise TemplateProblem(
            line, f"unknown filter '{node.name}' (e-mails may use: {', '.join(FILTERS)})"
        )
    if isinstance(node, nodes.Test) and node.name not in _ENVIRONMENTS[False].tests:
        raise TemplateProblem(line, f"unknown test '{node.name}'")


def _run(template: Template, context: Mapping[str, Any]) -> str:
    try:
        return template.render(dict(context))
    except RENDER_ERRORS as exc:
        reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise TemplateProblem(_template_line(exc), reason) from exc


def _template_line(exc: BaseException) -> int:
    """The template's line an error was raised on (Jinja names it ``<template>``)."""
    lines = [
        f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"
    ]
    return (lines[-1] or 1) if lines else 1


class _EscapedText(Extension):
    """Escapes the template's own words as well as its values, so the HTML holds only
    the markup BizQ adds."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        for token in stream:
            if token.type == "data":
                yield Token(token.lineno, "data", str(escape(token.value)))
            else:
                yield token


def _sandbox(html: bool) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        autoescape=html,
        undefined=StrictUndefined,
        extensions=[_EscapedText] if html else [],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters = {k: v for k, v in environment.filters.items() if k in FILTERS}
    environment.globals = {}
    return environment


_ENVIRONMENTS = {False: _sandbox(False), True: _sandbox(True)}


# The layout ----------------------------------------------------------------------------


@functools.cache
def _layout_template() -> Template:
    """BizQ's own layout (not the owner's, so not sandboxed), escaping what it is given."""
    source = resources.files("bizq_app.sales").joinpath("email_layout.html").read_text("utf-8")
    return Environment(autoescape=True, undefined=StrictUndefined).from_string(source)


def _layout(subject: str, text: str, escaped: str, brand: Brand) -> str:
    link = brand.accent
    if colours.contrast_ratio(link, colours.WHITE) < colours.AA_NORMAL_TEXT:
        link = _INK  # a light brand colour would be unreadable on white
    return _layout_template().render(
        subject=subject,
        brand=brand,
        on_accent=colours.readable_text_colour(brand.accent),
        ink=_INK,
        font=_FONT,
        content=Markup(_paragraphs(escaped, link)),
        preheader=" ".join(text.split())[:140],  # the line a mail client lists under the subject
    )


def _paragraphs(escaped: str, link: str) -> str:
    """Escaped text as HTML: blank lines part paragraphs, a line break stays one, a web
    address becomes a link."""
    style = f"margin:0 0 16px 0;{_FONT}font-size:16px;line-height:24px;color:{_INK};"
    parts = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", escaped.strip())]
    return "\n".join(
        f'<p style="{style}">{_links(p, link).replace(chr(10), "<br>" + chr(10))}</p>'
        for p in parts
        if p.strip()
    )


def _links(escaped: str, colour: str) -> str:
    def link(match: re.Match[str]) -> str:
        address = match[0].rstrip(_TRAILING)
        rest = match[0][len(address) :]
        style = f"color:{colour};text-decoration:underline;"
        return f'<a href="{address}" style="{style}">{address}</a>{rest}'

    return _WEB_ADDRESS.sub(link, escaped)
