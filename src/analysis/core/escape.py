"""Escaping for every place a string from outside (a catalog field, a document's text) lands on the site.

Catalog fields and document text are written by other people; none of them may ever become markup, script
or a link of their choosing. Each function escapes for exactly one context: use the one for where the
string goes.

    html_text(s)     between HTML tags, and inside a double-quoted attribute value
    md_text(s)       in Markdown rendered by smalldocs (markdown-it) or Quarto (pandoc): page text, table
                     cells, list items, and the YAML front matter and sidebar (both renderers read their
                     titles as Markdown)
    md_code(s)       the same, shown as code: `<code>…</code>` (a backtick code span cannot hold every string)
    safe_url(s)      an address from the catalog, if it is http(s); else "" (never `javascript:`, `data:`)
    link(url, text)  a link to a safe address, or the text alone
    script_json(v)   JSON placed inside `<script>…</script>`: `<`, `>`, `&`, U+2028, U+2029 escaped
    yaml_str(s)      a double-quoted YAML string (front matter) for any characters

Why Markdown needs its own escaping: both renderers let raw HTML through, and read `[x](javascript:…)`,
`<javascript:…>` or pandoc's `[x]{onclick=…}` as markup; HTML escaping alone leaves all of those. `md_text`
writes every character that Markdown, pandoc or Quarto give a meaning to as a numeric character reference
(`[` as `&#91;`): both renderers, and a browser inside raw HTML, read a reference as the plain character,
never as syntax (checked against both renderers in tests/test_escape.py). Line breaks are folded into
spaces, and a leading `-`, `+`, `=`, `:`, `1.` or `a)` is written as a reference too, so a string cannot start a
heading, a list, a rule or a raw HTML block.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

MD_SPECIAL = frozenset('\\`*_{}[]<>#|~^$@&"!')
"""Characters with a meaning somewhere in Markdown, pandoc or Quarto (links, spans and attributes, raw HTML,
code, emphasis, sub/superscript, maths, citations, tables, shortcodes); written as `&#NN;`. A `:` is too
when text follows it (`javascript:alert(1)` is a link for pandoc's `autolink_bare_uris`); `Kaynak: x` keeps it."""
_LIST_START = re.compile(r"^(\(?[0-9A-Za-z]{1,9})([.)])(\s|$)|^([-+=:])")
"""What would start a list or a rule: `1.`, `a)`, `(iv)` (pandoc's fancy lists), `-`, `+`, `=`, `:`."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
URL_SCHEMES = ("http", "https")
_SCRIPT_JSON = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def html_text(value: Any) -> str:
    """Text between HTML tags or in a double- or single-quoted attribute value: `& < > " '` escaped."""
    return html.escape(str(value), quote=True)


def md_text(value: Any) -> str:
    """Text for Markdown (and for the YAML titles the renderers read as Markdown): shown exactly, never markup."""
    text = " ".join(_CONTROL.sub("", str(value)).split())
    out = "".join(f"&#{ord(c)};" if c in MD_SPECIAL or (c == ":" and text[i + 1 : i + 2].strip()) else c for i, c in enumerate(text))
    m = _LIST_START.match(out)
    if m:  # `1. ` or `- ` at the start of a title or a table cell would make a list
        cut = m.end(1) if m.group(1) else 0
        out = out[:cut] + f"&#{ord(out[cut])};" + out[cut + 1 :]
    return out


def md_code(value: Any) -> str:
    """A string shown as code inside Markdown (a scope, an id): `<code>` with the text escaped for Markdown."""
    return f"<code>{md_text(value)}</code>"


def safe_url(value: Any) -> str:
    """The address if it is an absolute http(s) URL without spaces, quotes or angle brackets; otherwise ""."""
    url = str(value or "").strip()
    if not url or any(c.isspace() or c in "<>\"'`\\" or ord(c) < 0x20 for c in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in URL_SCHEMES and parts.hostname else ""


def link(url: Any, text: Any) -> str:
    """An HTML link to `url` showing `text` (both escaped), or just the text when the address is not safe."""
    href = safe_url(url)
    return f'<a href="{html_text(href)}">{md_text(text)}</a>' if href else md_text(text)


def script_json(value: Any) -> str:
    """JSON that can stand inside `<script>`: no `</script>` or `<!--` can end or change the block, and
    U+2028/U+2029 (line breaks to older JavaScript) are escaped too."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_JSON[m.group(0)], text)


def yaml_str(value: Any) -> str:
    """A double-quoted YAML scalar holding `value` exactly (JSON's escapes, plus the characters YAML forbids)."""
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
