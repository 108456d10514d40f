"""YAML 1.2 text (a profile) in, the data ruamel.yaml's safe loader gives out, parsed by libyaml where it can.

Profiles are read as YAML 1.2 (`ruamel.yaml`, so a header word such as `No` or `Evet` stays a word). ruamel's
pure-Python parser takes about 0.1 CPU second for the shipped profiles, read at every start of the extractor;
libyaml (PyYAML's C parser, already a dependency) reads them in a tenth of that. `load(text)` parses with libyaml,
tags plain scalars with ruamel's own YAML 1.2 rules (its resolver table, taken from ruamel itself), and keeps
the result only when it cannot differ from ruamel's: every node a string, sequence, mapping, boolean, null,
plain decimal integer or plain decimal fraction, no mapping key twice, no merge key. Anything else (an octal,
a date, `.inf`, an explicit tag, a repeated key, a syntax error) is read by ruamel itself, so its values and
its error messages are ruamel's.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_PLAIN = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


class _NotPlain(Exception):
    """The document holds something libyaml's reading could give differently from ruamel's."""


def _resolvers_12() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    from ruamel.yaml.resolver import implicit_resolvers

    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for versions, tag, pattern, first in implicit_resolvers:
        if (1, 2) in versions:
            for ch in first:
                table.setdefault(ch or None, []).append((tag, pattern))
    return table


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader with YAML 1.2's implicit tags (ruamel's table)."""

    yaml_implicit_resolvers = _resolvers_12()

    def construct_document(self, node: Any) -> Any:
        _check(node)
        return super().construct_document(node)


def _check(node: Any) -> None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:int" and _INT.fullmatch(node.value):
            return
        if node.tag == "tag:yaml.org,2002:float" and _FLOAT.fullmatch(node.value):
            return
        if node.tag not in _PLAIN:
            raise _NotPlain(node.tag)
        return
    if node.tag not in _PLAIN:
        raise _NotPlain(node.tag)
    if isinstance(node, yaml.MappingNode):
        keys: set[tuple[str, Any]] = set()
        for key, value in node.value:
            _check(key)
            if not isinstance(key, yaml.ScalarNode) or key.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
                raise _NotPlain("key")  # a merge key, a complex key
            seen = ("int", int(key.value)) if key.tag == "tag:yaml.org,2002:int" else ("str", key.value)
            if seen in keys:
                raise _NotPlain("repeated key")
            keys.add(seen)
            _check(value)
    else:
        for item in node.value:
            _check(item)


def load(text: str) -> Any:
    """`YAML(typ="safe", pure=True).load(text)` of ruamel.yaml, read by libyaml where that gives the same."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except (_NotPlain, yaml.YAMLError, ValueError, RecursionError):
        pass
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)
