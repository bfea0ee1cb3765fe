"""Panels that apps above ``exams`` add to the clinical history page (an extension point:
``exams`` never imports them). An app registers a panel from its ``AppConfig.ready``: a template
and a function ``context(ingreso) -> dict | None`` (None: nothing to show). Each function runs a
fixed number of queries, whatever the cycle's size."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[object], dict | None]


_panels: list[Panel] = []


def register_panel(template: str, context: Callable[[object], dict | None]) -> None:
    panel = Panel(template, context)
    if panel not in _panels:
        _panels.append(panel)


def for_cycle(ingreso) -> list[tuple[str, dict]]:
    """(template, context) of every panel with something to show for the cycle ``ingreso``."""
    if ingreso is None:
        return []
    shown = []
    for panel in _panels:
        context = panel.context(ingreso)
        if context is not None:
            shown.append((panel.template, context))
    return shown
