"""`analysis.extract.core.yaml12.load` gives what ruamel.yaml's safe YAML 1.2 loader gives (the expected values
are ruamel's own reading of the same text), values and errors alike, for the shipped profiles and for the
scalars where YAML 1.1 (libyaml's default) and 1.2 differ."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from analysis.extract.core import yaml12

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "src" / "analysis" / "extract"
PROFILES = [*sorted((EXTRACT / "profiles").glob("*.yml")), EXTRACT / "grid" / "grid.yml"]  # what load_profile reads


def ruamel(text: str):
    return YAML(typ="safe", pure=True).load(text)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_shipped_profiles_read_as_ruamel_reads_them_and_by_libyaml(path):
    text = path.read_text(encoding="utf-8")
    assert yaml12.load(text) == ruamel(text)
    yaml.load(text, Loader=yaml12._Loader)  # noqa: S506  (the fast path took it: no fallback)


@pytest.mark.parametrize("text", [
    "a: No\nb: Evet\nc: yes\nd: on\n",       # YAML 1.1 booleans are words in 1.2
    "a: 012\n", "a: 0o17\n", "a: 1_000\n",  # integers 1.1 and 1.2 read differently
    "a: 2021-01-01\n", "a: .inf\n", "a: 1.5e3\n",
    "b: &x {c: 1}\nd:\n  <<: *x\n  e: 2\n",   # a merge key
    "a: -0.50\nb: +3\nc: ~\nd: null\ne: true\nf: FALSE\ng: ''\n",
    "a: [1, 2.5, 'x', \"y\"]\nb: !!str 5\n",
    "1: x\n'1': y\n",
])
def test_values_as_ruamel(text):
    got = yaml12.load(text)
    assert got == ruamel(text)
    assert [type(v) for v in got.values()] == [type(v) for v in ruamel(text).values()]


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "1: x\n+1: y\n", "a: b: c\n", "- [a\n"])
def test_errors_as_ruamel(text):
    with pytest.raises(Exception) as theirs:
        ruamel(text)
    with pytest.raises(type(theirs.value)) as ours:
        yaml12.load(text)
    assert str(ours.value) == str(theirs.value)
