"""What Shopify checks in a GraphQL Admin API request before it runs it, against the
schema of the version BizQ pins.

The schema is Shopify's own introspection result, vendored as
``data/shopify_admin_<version>.json.gz`` from Shopify's public ``Shopify/cli``
repository (``packages/shopify-dev-tools/src/data/admin_<version>.json.gz``). The stand-in
answers every request through these functions, and the unit tests check each document
the adapter sends with the same ones:

- ``problems``: the document is valid for the schema and its variables coerce to the
  types it declares (the GraphQL ``errors`` Shopify answers otherwise);
- ``deprecated``: the fields, arguments, input fields and enum values it uses that the
  schema marks deprecated;
- ``requested_cost`` / ``actual_cost``: the query cost as Shopify's "GraphQL Admin API rate
  limits" page calculates it (Cost calculation): a scalar or enum costs 0, an object 1,
  a connection 2 plus ``first`` (or ``last``) times the cost of one of its nodes, a
  mutation 10; an interface or union costs its costliest possible selection. Requested
  cost is counted before the request runs (and a request over ``MAX_COST``, 1,000 points,
  is refused: "Single query limit"); actual cost counts the nodes that came back, and
  the bucket is refunded the difference.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    build_client_schema,
    get_named_type,
    parse,
    type_from_ast,
    validate,
    value_from_ast_untyped,
    visit,
)
from graphql.error import GraphQLError
from graphql.execution.values import get_variable_values

VERSION = "2026-07"
DATA = Path(__file__).parent / "data" / f"shopify_admin_{VERSION}.json.gz"
MAX_COST = 1000
MUTATION_COST = 10
CONNECTION_COST = 2
FREE_IN_CONNECTION = ("pageInfo", "__typename")  # part of the connection's own 2 points


@cache
def schema() -> GraphQLSchema:
    """The vendored Admin API schema (built once per process)."""
    with gzip.open(DATA) as raw:
        # Shopify's schema deprecates a few fields that implement undeprecated interface
        # fields, which graphql-core's schema rules refuse; documents still validate.
        return build_client_schema(json.load(raw)["data"], assume_valid=True)


def operation(document: DocumentNode) -> OperationDefinitionNode:
    return next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def problems(query: str, variables: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The GraphQL errors Shopify answers a request with before running it: a syntax or
    validation error, or a variable that does not coerce to its declared type. Empty
    when the request is valid."""
    try:
        document = _parsed(query)
    except GraphQLError as exc:
        return [dict(exc.formatted)]
    errors = _invalid(query)
    if errors:
        return list(errors)
    found = get_variable_values(
        schema(), operation(document).variable_definitions or (), variables or {}
    )
    if isinstance(found, list):
        return [_variable_problem(e, variables or {}) for e in found]
    return []


@cache
def _parsed(query: str) -> DocumentNode:
    """A document, parsed once per process (the adapter sends the same few again and
    again)."""
    return parse(query)


@cache
def _invalid(query: str) -> tuple[dict[str, Any], ...]:
    return tuple(dict(e.formatted) for e in validate(schema(), _parsed(query)))


def _variable_problem(error: GraphQLError, variables: dict[str, Any]) -> dict[str, Any]:
    """A variable's coercion error in Shopify's words (``was provided invalid value``)."""
    formatted: dict[str, Any] = dict(error.formatted)
    message = str(formatted["message"])
    if message.startswith("Variable '$"):
        name = message.split("'", 2)[1]
        formatted["message"] = f"Variable {name} was provided invalid value"
        formatted["extensions"] = {
            "value": variables.get(name.lstrip("$")),
            "problems": [{"explanation": message}],
        }
    return formatted


class Request:
    """One request's document and variables, read the way a server answering it needs:
    its root fields, each field's arguments (variables resolved) and directives, and an
    answer shaped to exactly what was selected (aliases included)."""

    def __init__(self, query: str, variables: dict[str, Any] | None) -> None:
        self.document, self.variables = _parsed(query), variables or {}
        self.fragments = {
            d.name.value: d
            for d in self.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        self.mutation = operation(self.document).operation == OperationType.MUTATION

    def root_fields(self) -> list[FieldNode]:
        return list(self._fields(operation(self.document).selection_set))

    def arguments(self, field: FieldNode) -> dict[str, Any]:
        return {
            a.name.value: value_from_ast_untyped(a.value, self.variables)
            for a in field.arguments or ()
        }

    def nested(self, field: FieldNode, name: str) -> FieldNode | None:
        """The first field called ``name`` selected anywhere under ``field``."""
        for inner in self._fields(field.selection_set):
            if inner.name.value == name:
                return inner
            found = self.nested(inner, name)
            if found is not None:
                return found
        return None

    def directive(self, field: FieldNode, directive: str, argument: str) -> Any:
        """``@directive(argument: …)``'s value on ``field``: None without the directive,
        "" with it but without the argument."""
        for node in field.directives or ():
            if node.name.value == directive:
                given = {a.name.value: a.value for a in node.arguments or ()}
                if argument not in given:
                    return ""
                return value_from_ast_untyped(given[argument], self.variables)
        return None

    def shaped(self, field: FieldNode, value: Any) -> Any:
        """``value`` (keyed by field names) cut to what ``field`` selects, under the keys
        the request asked for."""
        if value is None or field.selection_set is None:
            return value
        if isinstance(value, list):
            return [self.shaped(field, item) for item in value]
        return {
            (inner.alias or inner.name).value: self.shaped(inner, value.get(inner.name.value))
            for inner in self._fields(field.selection_set)
        }

    def _fields(self, selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                yield from self._fields(self.fragments[selection.name.value].selection_set)


def deprecated(query: str) -> list[str]:
    """What the document uses that the schema marks deprecated, as ``Type.field``,
    ``Type.field(argument)``, ``Input.field`` or ``Enum.VALUE``."""
    found: list[str] = []
    info = TypeInfo(schema())

    class Deprecations(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            definition, parent = info.get_field_def(), info.get_parent_type()
            if definition is not None and definition.deprecation_reason and parent:
                found.append(f"{parent.name}.{node.name.value}")

        def enter_argument(self, node: Any, *_: Any) -> None:
            argument, parent = info.get_argument(), info.get_parent_type()
            if argument is not None and argument.deprecation_reason:
                found.append(f"{parent and parent.name}.{node.name.value} (argument)")

        def enter_object_field(self, node: Any, *_: Any) -> None:
            parent = get_named_type(info.get_parent_input_type())
            if isinstance(parent, GraphQLInputObjectType):
                field = parent.fields.get(node.name.value)
                if field is not None and field.deprecation_reason:
                    found.append(f"{parent.name}.{node.name.value}")

        def enter_enum_value(self, node: Any, *_: Any) -> None:
            enum = get_named_type(info.get_input_type())
            if isinstance(enum, GraphQLEnumType):
                value = enum.values.get(node.value)
                if value is not None and value.deprecation_reason:
                    found.append(f"{enum.name}.{node.value}")

    visit(_parsed(query), TypeInfoVisitor(info, Deprecations()))
    return found


def deprecated_in_variables(query: str, variables: dict[str, Any] | None) -> list[str]:
    """The deprecated input fields and enum values the variables' values use."""
    found: list[str] = []
    for definition in operation(_parsed(query)).variable_definitions or ():
        name = definition.variable.name.value
        if variables and name in variables:
            kind = _input_type(definition.type)
            found.extend(_deprecated_values(kind, variables[name]))
    return found


def _input_type(node: Any) -> Any:
    return type_from_ast(schema(), node)


def _deprecated_values(kind: Any, value: Any) -> Iterator[str]:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if value is None:
        return
    if isinstance(kind, GraphQLList):
        for item in value if isinstance(value, list) else [value]:
            yield from _deprecated_values(kind.of_type, item)
    elif isinstance(kind, GraphQLInputObjectType) and isinstance(value, dict):
        for key, item in value.items():
            field = kind.fields.get(key)
            if field is None:
                continue
            if field.deprecation_reason:
                yield f"{kind.name}.{key}"
            yield from _deprecated_values(field.type, item)
    elif isinstance(kind, GraphQLEnumType):
        found = kind.values.get(str(value))
        if found is not None and found.deprecation_reason:
            yield f"{kind.name}.{value}"


def requested_cost(query: str, variables: dict[str, Any] | None = None) -> int:
    """The cost Shopify asks the bucket for before it runs the request."""
    return _Cost(_parsed(query), variables or {}).operation(None)


def actual_cost(query: str, variables: dict[str, Any] | None, data: dict[str, Any]) -> int:
    """The cost of what came back: each connection counted by the nodes it returned, an
    object that came back null by itself alone."""
    return _Cost(_parsed(query), variables or {}).operation(data)


class _Cost:
    """Walks a document's selections with the schema's types. ``data`` is what the
    request answered (for the actual cost) or None (for the requested cost)."""

    def __init__(self, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.document, self.variables = document, variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, data: dict[str, Any] | None) -> int:
        node = operation(self.document)
        if node.operation == OperationType.MUTATION:
            root: GraphQLObjectType | None = schema().mutation_type
        else:
            root = schema().query_type
        assert root is not None
        total = 0
        for field in self._fields(node.selection_set, root):
            answer = None if data is None else data.get(_key(field))
            if node.operation == OperationType.MUTATION:
                returned = get_named_type(root.fields[field.name.value].type)
                children = self.selection(field.selection_set, returned, answer, data is not None)
                total += MUTATION_COST + children
            else:
                total += self.field(field, root, answer, data is not None)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, answer: Any, actual: bool) -> int:
        if node.name.value == "__typename":
            return 0
        definition = parent.fields[node.name.value]  # type: ignore[attr-defined]
        returned = get_named_type(definition.type)
        if not isinstance(returned, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return 0  # a scalar or an enum
        size = self._size(node, definition)
        if size is not None and returned.name.endswith("Connection"):
            return self._connection(node, returned, size, answer, actual)
        if actual and answer is None:
            return 1  # came back null: nothing under it was read
        if actual and isinstance(answer, list):
            children = [self.selection(node.selection_set, returned, a, actual) for a in answer]
            return (1 + max(children)) if children else 0
        return 1 + self.selection(node.selection_set, returned, answer, actual)

    def _connection(
        self, node: FieldNode, kind: GraphQLNamedType, size: int, answer: Any, actual: bool
    ) -> int:
        """2, plus each node's cost (itself 1, and what is selected of it): ``size`` times
        for the requested cost, once per returned node for the actual one."""
        nodes_type = get_named_type(kind.fields["nodes"].type)  # type: ignore[attr-defined]
        assert nodes_type is not None
        selections = list(self._node_selections(node.selection_set, kind))
        if not actual:
            per_node = 1 + sum(self.selection(s, nodes_type, None, False) for s in selections)
            return CONNECTION_COST + size * per_node
        returned = self._returned_nodes(answer)
        return CONNECTION_COST + sum(
            1 + sum(self.selection(s, nodes_type, item, True) for s in selections)
            for item in returned
        )

    def _node_selections(
        self, selection_set: SelectionSetNode | None, kind: GraphQLNamedType
    ) -> Iterator[SelectionSetNode]:
        """The selections made of the connection's nodes: under ``nodes`` or ``edges.node``."""
        for field in self._fields(selection_set, kind):
            if field.name.value == "nodes" and field.selection_set:
                yield field.selection_set
            elif field.name.value == "edges":
                edge = get_named_type(kind.fields["edges"].type)  # type: ignore[attr-defined]
                assert edge is not None
                for inner in self._fields(field.selection_set, edge):
                    if inner.name.value == "node" and inner.selection_set:
                        yield inner.selection_set

    @staticmethod
    def _returned_nodes(answer: Any) -> list[Any]:
        if not isinstance(answer, dict):
            return []
        if isinstance(answer.get("nodes"), list):
            return list(answer["nodes"])
        return [e.get("node") for e in answer.get("edges") or [] if isinstance(e, dict)]

    def selection(
        self,
        selection_set: SelectionSetNode | None,
        kind: GraphQLNamedType,
        answer: Any,
        actual: bool,
    ) -> int:
        """The cost of what is selected of one object of ``kind``; for an interface or a
        union, of the costliest type it may be."""
        if selection_set is None:
            return 0
        if isinstance(kind, GraphQLInterfaceType | GraphQLUnionType):
            possible = schema().get_possible_types(kind)
            return max(
                (self.selection(selection_set, t, answer, actual) for t in possible), default=0
            )
        total = 0
        for field in self._fields(selection_set, kind):
            if kind.name.endswith("Connection") and field.name.value in FREE_IN_CONNECTION:
                continue
            value = answer.get(_key(field)) if isinstance(answer, dict) else None
            total += self.field(field, kind, value, actual)
        return total

    def _fields(
        self, selection_set: SelectionSetNode | None, kind: GraphQLNamedType
    ) -> Iterator[FieldNode]:
        """The fields selected of ``kind``, through the fragments that apply to it."""
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, kind):
                    yield from self._fields(selection.selection_set, kind)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                if self._applies(fragment.type_condition, kind):
                    yield from self._fields(fragment.selection_set, kind)

    @staticmethod
    def _applies(condition: Any, kind: GraphQLNamedType) -> bool:
        if condition is None or condition.name.value == kind.name:
            return True
        named = schema().get_type(condition.name.value)
        return (
            isinstance(named, GraphQLInterfaceType | GraphQLUnionType)
            and isinstance(kind, GraphQLObjectType)
            and schema().is_sub_type(named, kind)
        )

    def _size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """``first`` or ``last`` as the request gives it; None when the field takes neither."""
        if "first" not in definition.args and "last" not in definition.args:
            return None
        given = {a.name.value: a.value for a in node.arguments or ()}
        for name in ("first", "last"):
            value = given.get(name)
            if isinstance(value, VariableNode):
                found = self.variables.get(value.name.value)
                if found is not None:
                    return int(found)
            elif value is not None and hasattr(value, "value"):
                return int(value.value)
        return 0


def _key(field: FieldNode) -> str:
    return (field.alias or field.name).value
