"""Sections of the monitor that apps above insights add (the plan of approach): insights may not
import them, so they register here, from their registrations.py, and the monitor asks each.

`register(key, build)`: `build(selection)` returns None (nothing to add for this selection) or an
`Appendix`: a title, an introductory sentence and tables of text rows, which the PDF and the
workbook both render as they are (every value already text, as shown)."""
from dataclasses import dataclass, field

_builders = {}


@dataclass
class AppendixTable:
    caption: str
    header: list
    rows: list  # of lists of text


@dataclass
class Appendix:
    key: str
    title: str
    intro: str
    tables: list = field(default_factory=list)


def register(key, build):
    _builders[key] = build


def build(selection):
    """The registered sections that have something for this selection, in registration order."""
    return [appendix for appendix in (b(selection) for b in _builders.values()) if appendix is not None]
