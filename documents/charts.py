"""The clinical page's trend charts, drawn on the server for the PDF summary.

The figures are the ones ``static/js/therapy-charts.js`` draws in the browser, from the same
data (``therapy.selectors.clinical_panel(...)["charts"]``): nightly hours with the rule's hours line and
the AHI, the cycle's monitorings (adherence and residual AHI), and BDI-II/BAI. matplotlib draws
them with its Agg backend (no display, no system library) into PNG images embedded in the PDF.
"""

import base64
import io
from dataclasses import dataclass

import matplotlib
from django.template.defaultfilters import floatformat

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend

BLUE, GREEN, RED, PURPLE, ORANGE = "#0d6efd", "#198754", "#dc3545", "#6f42c1", "#fd7e14"
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 2.5, 96


@dataclass(frozen=True)
class Chart:
    """One drawn chart: its caption and the PNG as a ``data:`` URI for the template."""

    caption: str
    description: str
    data_uri: str


def _figure() -> tuple[Figure, object]:
    # A Figure of its own, not pyplot: no global state shared between requests or threads.
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    # Fixed margins (no tight bounding box): every chart has the same plot width on the page.
    figure.subplots_adjust(left=0.08, right=0.92, bottom=0.3, top=0.86)
    axes = figure.add_subplot()
    axes.tick_params(labelsize=7)
    axes.spines[["top"]].set_visible(False)
    return figure, axes


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _ticks(axes, labels: list[str], most: int = 15) -> None:
    """At most ``most`` x labels, so 90 nights stay legible."""
    axes.set_xlim(-0.6, len(labels) - 0.4)
    step = max(1, -(-len(labels) // most))
    positions = list(range(0, len(labels), step))
    axes.set_xticks(positions, [labels[i] for i in positions], rotation=30, ha="right")


def _legend(figure: Figure, *axes) -> None:
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    figure.legend(handles, labels, loc="upper center", ncols=len(labels), fontsize=7, frameon=False)


def nights_chart(nights: dict) -> Chart | None:
    if not nights["nights"]:
        return None
    figure, axes = _figure()
    positions = range(len(nights["labels"]))
    axes.bar(positions, nights["hours"], color=BLUE, label="Horas de uso")
    axes.axhline(nights["threshold"], color=GREEN, linestyle="--", label=f"Meta: {nights['threshold']:g} h")
    axes.set_ylim(0, max(10, *nights["hours"]))
    axes.set_ylabel("Horas", fontsize=8)
    ahi_axes = axes.twinx()
    ahi_axes.tick_params(labelsize=7)
    ahi = [float("nan") if value is None else value for value in nights["ahi"]]
    ahi_axes.plot(positions, ahi, color=RED, marker=".", markersize=2, linewidth=1, label="IAH")
    ahi_axes.set_ylim(bottom=0)
    ahi_axes.set_ylabel("IAH (eventos/h)", fontsize=8)
    _ticks(axes, nights["labels"])
    _legend(figure, axes, ahi_axes)
    return Chart(
        f"Últimas {nights['nights']} noches: horas de uso e IAH",
        f"{nights['used']} de {nights['nights']} noches con uso; {nights['meeting_hours']} con "
        f"{floatformat(nights['threshold'], '-2')} horas o más (regla de la EPS).",
        _png(figure),
    )


def monitorings_chart(monitorings: dict) -> Chart | None:
    if not monitorings["labels"]:
        return None
    figure, axes = _figure()
    positions = range(len(monitorings["labels"]))
    axes.plot(
        positions,
        monitorings["adherence"],
        color=BLUE,
        marker="o",
        markersize=3,
        label="% noches con las horas de la regla",
    )
    axes.set_ylim(0, 100)
    axes.set_ylabel("%", fontsize=8)
    ahi_axes = axes.twinx()
    ahi_axes.tick_params(labelsize=7)
    ahi = [float("nan") if value is None else value for value in monitorings["ahi"]]
    ahi_axes.plot(positions, ahi, color=RED, marker="o", markersize=3, label="IAH residual")
    ahi_axes.set_ylim(bottom=0)
    ahi_axes.set_ylabel("IAH", fontsize=8)
    _ticks(axes, monitorings["labels"])
    _legend(figure, axes, ahi_axes)
    return Chart("Monitoreos del ciclo: adherencia e IAH residual", "", _png(figure))


def psychology_chart(psychology: dict) -> Chart | None:
    if not psychology["labels"]:
        return None
    figure, axes = _figure()
    positions = range(len(psychology["labels"]))
    axes.plot(
        positions, psychology["bdi"], color=PURPLE, marker="o", markersize=3, label="BDI-II (depresión)"
    )
    axes.plot(
        positions,
        psychology["bai"],
        color=ORANGE,
        marker="o",
        markersize=3,
        linestyle="--",
        label="BAI (ansiedad)",
    )
    axes.set_ylim(0, 63)
    _ticks(axes, psychology["labels"])
    _legend(figure, axes)
    return Chart("Psicología: BDI-II y BAI", "", _png(figure))


def trend_charts(charts: dict) -> list[Chart]:
    """The page's three charts that have data, in the page's order."""
    drawn = [
        nights_chart(charts["nights"]),
        monitorings_chart(charts["monitorings"]),
        psychology_chart(charts["psychology"]),
    ]
    return [chart for chart in drawn if chart is not None]
