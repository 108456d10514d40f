"""The three places that list dependencies agree: pyproject.toml, environment.yml and requirements.lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            name = name.split("[", 1)[0]  # `dask[distributed]` pins the package `dask` (the lock lists its extras' packages)
            out[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()  # PEP 503 names
    return out


def pyproject_pins() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return _pins(meta["dependencies"] + meta["optional-dependencies"]["test"])


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return _pins(pip)


def test_every_dependency_is_pinned_exactly():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in meta["dependencies"] + meta["optional-dependencies"]["test"]:
        assert "==" in spec, f"{spec} is not pinned"


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert environment_pins() == pyproject_pins()


def test_lock_file_pins_the_same_versions():
    lock = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    for name, version in pyproject_pins().items():
        assert lock.get(name) == version, f"requirements.lock has {name}=={lock.get(name)}, pyproject {version}: run `make lock`"
