"""The pages' Content-Security-Policy: only the site's own script files run, whatever a page may contain.

Every string from the catalog or a document is escaped where it is written (`analysis.core.escape`); the
policy is the second line of defence, in case one place is ever missed: a `<script>` or an `onerror=`
that slipped into a page would not run. It is added as a `<meta http-equiv>` as the first element of
every page's `<head>` after rendering (a static site has no server to send the header).

What the policy allows, and why:
- scripts: files from the site itself ('self'), nothing inline. The charts need no inline script and
  no `eval`: `assets/js/charts.js` reads each chart's specification from an inert JSON block and asks
  vega-embed to interpret expressions (`ast: true`) instead of compiling them with `new Function`.
  The one inline event handler smalldocs writes (the "Back to top" link) is allowed by its hash.
- styles: the site's files and inline styles (vega-embed inserts a `<style>`; styles run no code).
- images: the site's files and `data:` URIs (theme icons); fonts, fetches (the search index): the site.
- no plugins (`object-src 'none'`), no `<base>` elsewhere, no form posting anywhere.

smalldocs (what `make report` renders with here) writes no other inline script. Quarto writes inline
scripts of its own on every page, so with Quarto the policy is not added (it would break Quarto's page
scripts); the escaping is then the only defence, as it is the first one everywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from analysis.core.io import atomic_write_text

ALLOWED_HANDLERS = ("window.scrollTo(0, 0); return false;",)
"""Inline event handlers smalldocs writes itself (the Back to top link), allowed by their exact hash."""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-hashes' " + " ".join(_hash(h) for h in ALLOWED_HANDLERS),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
)
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


def with_policy(page: str) -> str:
    """The page with the policy as the first element of its `<head>` (unchanged if it has one already)."""
    if META in page:
        return page
    m = _HEAD.search(page)
    if m is None:
        raise ValueError("the page has no <head>")
    return page[: m.end()] + META + page[m.end() :]


def add_policy(site: Path) -> int:
    """Add the policy to every HTML page under `site`; the number of pages."""
    pages = [p for p in site.rglob("*.html") if p.is_file()]
    for page in pages:
        atomic_write_text(page, with_policy(page.read_text(encoding="utf-8")))
    return len(pages)
