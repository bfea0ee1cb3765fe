"""Panels of the clinical history that apps above exams provide (therapy's device data and
trends): each registers, from its ``AppConfig.ready()``, a function that builds its panel's
context from the cycle and the records the page has read. exams imports none of them."""

from collections.abc import Callable

#: Context name → ``build(ingreso, monitorings, psychology)``; the page gets each panel under
#: its name (``None`` without a cycle), and its template includes the panel's own template.
HISTORY_PANELS: dict[str, Callable] = {}


def add_history_panel(name: str, build: Callable) -> None:
    HISTORY_PANELS[name] = build
