"""Layouts described by profiles: `<name>.yml` (what the layout prints, which relations must hold) and,
beside it, `<name>.py` with only the code that is the layout's own (a `build(assembly, result)`).

`BUILDERS` maps a profile's `code` to that function; `analysis.extract` makes one `ProfileLayout`
(`analysis.extract.core.layout`) per shipped profile. A new layout = a new YAML file, a builder module
imported here, and its entry in `BUILDERS`.
"""

from __future__ import annotations

from analysis.extract.core.build import build as generic_build
from analysis.extract.profiles import guide_forms

BUILDERS = {"": generic_build, "guide_forms": guide_forms.build}
"""`code` → builder; a profile without `code` is built by the core's generic builder from its declarations."""
