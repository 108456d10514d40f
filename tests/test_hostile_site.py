"""A site built from hostile input, opened in a real browser (Debian's chromium through Playwright).

The catalog's display fields and the text of a document hold what an attacker would try: `<script>`,
`<img onerror>`, `javascript:` links, quotes breaking out of attributes, `</script>` inside the JSON of a
chart, Markdown and pandoc link/attribute syntax, a Quarto shortcode. The build must publish them as
text: no dialog opens on any page (nor in the search), no `javascript:` link and no inline script or
event handler of theirs exists, the strings are shown as written, charts still draw, and a program read
from its text edition has no link to a PDF. Every page carries the Content-Security-Policy, and the
policy alone stops a script that got into a page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from analysis.core.io import sha256_file

from .browsing import charts_drawn, visit
from .conftest import ROOT, serve, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

HOSTILE_ID = "hostile-2021"
KOCAELI = {  # the real Kocaeli program's display fields, replaced
    "short_name": "<script>alert('short_name')</script>Kocaeli",
    "municipality": "Kocaeli \"'><img src=x onerror=alert('municipality')> Büyükşehir",
    "title": "[Program](javascript:alert('title')) </script><script>alert('title2')</script>",
    "province": "<svg onload=alert('province')>",
    "source_url": "https://www.kocaeli.bel.tr/\"><script>alert('url')</script>",
    "source_note": "<b onmouseover=alert('note')>not</b>",
}
HOSTILE = {  # a second program, read from a doctored text edition
    "short_name": "[x]{onclick=alert('span')} <a href=\"javascript:alert('a')\">a</a>",
    "municipality": "{{< include _quarto.yml >}} Belediyesi",
    "title": "`code` **bold** \u2028 &lt;script&gt;alert('entity')&lt;/script&gt;",
    "province": "javascript:alert('bare')",
    "kind": "<iframe src=javascript:alert('kind')>",
}
DOCUMENT = {  # names in the document's own text (units, a theme, an activity), replaced everywhere they occur
    "Ulaşım Dairesi Başkanlığı": "Ulaşım <script>alert('unit')</script> Dairesi Başkanlığı",
    "Fen İşleri Dairesi Başkanlığı": "Fen İşleri </script><script>alert('json')</script> Dairesi Başkanlığı",
    "Zabıta Dairesi Başkanlığı": "Zabıta [tıkla](javascript:alert('md')) Dairesi Başkanlığı",
    "Toplu Taşımayı Geliştirme Projeleri": "Toplu Taşımayı \"'><img src=x onerror=alert('activity')> Geliştirme Projeleri",
    "Ulaşım Hizmetleri": "Ulaşım Hizmetleri <img src=x onerror=alert('theme')> [x]{onclick=alert('span2')}",
}
REFUSED = {  # entries the catalog check refuses: reported, never built
    "evil-2021": {"source_url": "javascript:alert('source_url')"},
    "../../outside/evil-2021": {},
}


def _entry(pid: str, path: str, edition: str, sha: str, **fields) -> dict:
    return {"id": pid, "municipality": pid, "kind": "district", "province": "X", "year": 2021, "layout": "grid",
            "primary": edition, "files": [{"path": path, "edition": edition, "sha256": sha}], **fields}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_build(built_project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the built project with the hostile catalog and document, built again (the cache reuses the rest)."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(built_project, root, symlinks=True)
    text = (ROOT / "data/raw/kocaeli-2021/kocaeli-2021.md").read_text(encoding="utf-8")
    for name, hostile in DOCUMENT.items():
        assert name in text
        text = text.replace(name, hostile)
    raw = root / "data" / "raw" / HOSTILE_ID
    raw.mkdir(parents=True)
    (raw / f"{HOSTILE_ID}.md").write_text(text, encoding="utf-8")
    catalog = yaml.safe_load((root / "data/catalog.yml").read_text(encoding="utf-8"))
    kocaeli = next(p for p in catalog["programs"] if p["id"] == "kocaeli-2021")
    kocaeli.update(KOCAELI)
    path = f"data/raw/{HOSTILE_ID}/{HOSTILE_ID}.md"
    catalog["programs"].append(_entry(HOSTILE_ID, path, "text", sha256_file(raw / f"{HOSTILE_ID}.md"), **HOSTILE))
    for pid, fields in REFUSED.items():
        catalog["programs"].append(_entry(pid, f"data/raw/{pid}/x.md", "text", "a" * 64, **fields))
    (root / "data/catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=root, capture_output=True, text=True)
    return root, result


@pytest.fixture(scope="module")
def hostile_site(hostile_build) -> Path:
    root, result = hostile_build
    assert (root / "_site" / "index.html").exists(), result.stderr[-4000:]
    return root / "_site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


def test_the_build_reports_the_refused_entries_builds_the_rest_and_shows_no_traceback(hostile_build):
    root, result = hostile_build
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    refused = [line for line in result.stderr.splitlines() if line.startswith("data/catalog.yml: program #")]
    assert len(refused) == 2 and "source_url: " in refused[0] and "id: " in refused[1], result.stderr
    for pid in ("kocaeli-2021", "kucukcekmece-2021", HOSTILE_ID):
        assert (root / "_site" / "report" / pid / "index.html").exists(), pid
    assert not (root.parent / "outside").exists() and not (root.parent.parent / "outside").exists()


# what the page holds, read by the browser itself
PAGE_FACTS = """() => {
  const bad = /^\\s*(javascript|vbscript|data\\s*:\\s*text\\/html)/i;
  const urls = [];
  document.querySelectorAll('[href],[src],[action],[formaction],[data]').forEach(el => {
    for (const a of ['href', 'src', 'action', 'formaction', 'data']) {
      const v = el.getAttribute(a);
      if (v !== null && bad.test(v.replace(/[\\u0000-\\u0020]/g, ''))) urls.push(el.outerHTML.slice(0, 120));
    }
  });
  const handlers = [];
  document.querySelectorAll('*').forEach(el => {
    for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on') && el.id !== 'quarto-back-to-top') handlers.push(el.outerHTML.slice(0, 120));
  });
  const inline = Array.from(document.scripts).filter(s => !s.src && !/json/i.test(s.type)).map(s => s.outerHTML.slice(0, 120));
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {urls, handlers, inline, csp: csp ? csp.content : null, text: document.body.innerText};
}"""


def test_no_hostile_string_runs_or_links_anywhere(page, hostile_url, hostile_site):
    dialogs: list[str] = []
    errors: list[str] = []

    def setup(tab) -> None:
        tab.on("dialog", lambda d: (dialogs.append(f"{d.message}"), d.dismiss()))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))

    seen_text = ""

    def check(tab, url: str, response) -> None:
        nonlocal seen_text
        rel = url.removeprefix(f"{hostile_url}/")
        tab.mouse.move(200, 300)
        facts = tab.evaluate(PAGE_FACTS)
        assert facts["csp"] and "script-src 'self'" in facts["csp"], f"{rel}: no Content-Security-Policy"
        assert facts["urls"] == [], f"{rel}: javascript: links {facts['urls']}"
        assert facts["handlers"] == [], f"{rel}: event handlers {facts['handlers']}"
        assert facts["inline"] == [], f"{rel}: inline scripts {facts['inline']}"
        charts_drawn(tab, "svg")  # every chart drawn
        assert errors == [], f"{rel}: {errors}"  # a CSP refusal would show here: the escaping alone must hold
        assert dialogs == [], f"{rel}: a dialog opened: {dialogs}"
        seen_text += facts["text"]

    visit(page, [f"{hostile_url}/{html_file.relative_to(hostile_site).as_posix()}" for html_file in site_pages(hostile_site)], check, setup)
    # the strings were published, as text (so the test above was not vacuous); the renderer's typography curls quotes
    seen_text = seen_text.replace("\u2018", "'").replace("\u2019", "'")
    for shown in ("<script>alert('short_name')</script>Kocaeli", "onerror=alert('municipality')", "[Program](javascript:alert('title'))",
                  "<script>alert('unit')</script>", "</script><script>alert('json')</script>", "[tıkla](javascript:alert('md'))",
                  "onerror=alert('activity')", "[x]{onclick=alert('span')}", "{{< include _quarto.yml >}}", "&lt;script&gt;alert('entity')"):  # fmt: skip
        assert shown in seen_text, f"{shown!r} is not shown on any page"


def test_the_search_shows_hostile_names_as_text(page, hostile_url):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_url}/index.html", wait_until="networkidle")
    search = page.locator(".smalldocs-search input").first
    if not search.is_visible():
        page.locator(".smalldocs-search, #quarto-search").first.click()
    for query in ("alert", "script", "onerror", "javascript"):
        search.fill(query)
        page.wait_for_timeout(400)
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('.search-result img, .search-result script, .search-result svg').length") == 0


def test_pages_hold_no_executable_hostile_markup(hostile_site):
    """The same, read from the files: no `<script>` of theirs outside a JSON block, no shortcode expanded."""
    for html_file in site_pages(hostile_site):
        text = html_file.read_text(encoding="utf-8")
        rel = html_file.relative_to(hostile_site).as_posix()
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, flags=re.S):
            attrs, body = m.group(1), m.group(2)
            assert "src=" in attrs or "application/json" in attrs, f"{rel}: inline script {m.group(0)[:120]}"
            assert "alert(" not in body or "application/json" in attrs, rel
        assert "output-dir" not in text, f"{rel}: the include shortcode in a catalog field was expanded"
        assert "<img src=x" not in text and "<svg onload" not in text and "<iframe src=javascript" not in text, rel


def test_a_program_read_from_its_text_edition_has_no_pdf_link_and_no_broken_link(hostile_site):
    broken, to_pdf = [], []
    for html_file in site_pages(hostile_site):
        text = html_file.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]*)"', text):
            parts = urlsplit(href.replace("&amp;", "&"))
            if f"{HOSTILE_ID}.pdf" in parts.path:
                to_pdf.append(f"{html_file.name}: {href}")
            if parts.scheme or not parts.path or href.startswith(("#", "//")):
                continue
            target = (html_file.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(hostile_site)} -> {href}")
    assert to_pdf == [], to_pdf
    assert broken == [], broken[:20]
    assert not (hostile_site / "downloads" / f"{HOSTILE_ID}.pdf").exists()
    assert (hostile_site / "downloads" / f"{HOSTILE_ID}.txt").read_bytes() == (hostile_site.parent / f"data/raw/{HOSTILE_ID}/{HOSTILE_ID}.md").read_bytes()
    overview = (hostile_site / "report" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    assert f"downloads/{HOSTILE_ID}.txt" in overview and 'class="pdf-page"' not in overview


def test_the_policy_alone_stops_a_script_that_got_into_a_page(page, hostile_url, hostile_site):
    """Put a script and an event handler straight into a built page: the Content-Security-Policy refuses both."""
    source = hostile_site / "report" / "kocaeli-2021" / "budget.html"
    probe = source.with_name("csp-probe.html")
    html = source.read_text(encoding="utf-8")
    injected = "<script>window.__pwned = 'script'; alert('csp')</script><img src=x onerror=\"window.__pwned='handler'; alert('csp2')\" alt=\"\">"
    probe.write_text(html.replace("<main", injected + "<main", 1), encoding="utf-8")
    dialogs: list[str] = []
    refused: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{hostile_url}/report/kocaeli-2021/csp-probe.html", wait_until="networkidle")
        assert page.evaluate("window.__pwned === undefined")
        assert dialogs == []
        assert len(refused) >= 2, refused
        drawn = page.locator(".vega-chart svg").count()
        assert drawn >= 3, "the site's own chart script must still run under the policy"
    finally:
        probe.unlink()
