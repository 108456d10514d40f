"""Layouts described by profiles: `<name>.yml`, what the layout prints and which relations must hold.

The shipped profiles (the guide's forms, the unit tables) need no Python: the core's generic builder
(`analysis.extract.core.build`) makes the contract rows from what they declare. `BUILDERS` maps a profile's
optional `code` to a builder; a layout that truly needs code of its own would add a module here and its
entry (a test keeps each at 50 lines or fewer). `analysis.extract` makes one `ProfileLayout` per profile.
A new layout = a new YAML file (docs/new-layout.md), in the package or in a project's `data/profiles/`.
"""

from __future__ import annotations

from analysis.extract.core.build import build as generic_build

BUILDERS = {"": generic_build}
"""`code` → builder; a profile without `code` is built by the core's generic builder from its declarations."""
