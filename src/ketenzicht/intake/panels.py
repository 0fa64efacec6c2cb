"""Panels that apps above intake add to the page of a signal, a case or a care trajectory (approach:
the instruments of the barrier model that fit its barriers; linkage: what identifies the person).
intake, cases and care sit below those apps and import none of them: each registers from its
registrations.py a template and a function that builds the panel's context for this user and object,
or None when it has nothing to show them."""
from dataclasses import dataclass
from typing import Callable

PAGES = ("signal", "case", "trajectory")


@dataclass(frozen=True)
class Panel:
    name: str
    template: str  # a template name; it finds its context under `panel`
    build: Callable  # (user, obj) -> dict, or None: nothing for this user on this object


_panels = {page: {} for page in PAGES}


def register(page, name, template, build):
    _panels[page][name] = Panel(name, template, build)


def for_page(page, user, obj):
    """The panels to show on this page, in order of registration: each a dict with its `template`."""
    shown = []
    for panel in _panels[page].values():
        context = panel.build(user, obj)
        if context is not None:
            shown.append({"template": panel.template, "name": panel.name, **context})
    return shown
