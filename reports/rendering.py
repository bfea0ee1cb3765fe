"""The report's files: PDF (xhtml2pdf, charts by matplotlib) and .xlsx (openpyxl).

The PDF follows the approach of the ``documents`` app (SPEC §12), for the same reasons: a
Django template becomes PDF through xhtml2pdf, which installs from pip wheels alone (no system
library, unlike WeasyPrint's Pango), so a fresh machine, the Docker image and CI need nothing
else; the charts are drawn on the server by matplotlib (Agg backend, PNG embedded) from the
same figures the page gives Chart.js; the text uses the DejaVu Sans that matplotlib ships, which
has every glyph of the figures (≥, tildes). ``reports`` sits on the same floor as
``documents`` and does not import it: it has its own small frame (``reports/pdf_base.html``).
"""

import base64
import datetime
import io
from pathlib import Path

import matplotlib
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from xhtml2pdf import pisa

from reports import figures as labelled
from reports.months import Month

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend
from matplotlib.ticker import MaxNLocator  # noqa: E402

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONTS = {"regular": str(FONT_DIR / "DejaVuSans.ttf"), "bold": str(FONT_DIR / "DejaVuSans-Bold.ttf")}
BLUE, GREEN, RED, GREY = "#0d6efd", "#198754", "#dc3545", "#6c757d"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PdfError(RuntimeError):
    """xhtml2pdf reported errors while laying out the document."""


def chart_data(figures: dict) -> dict:
    """What the page's Chart.js and the PDF's matplotlib both draw."""
    trend = figures.get("tendencia", [])
    return {
        "disciplinas": {
            "labels": list(figures["atenciones"]["por_disciplina"]),
            "values": list(figures["atenciones"]["por_disciplina"].values()),
        },
        "tendencia": {
            "labels": [Month.parse(row["mes"]).short_label for row in trend],
            "activos": [row["pacientes_activos_fin"] for row in trend],
            "ingresos": [row["ingresos"] for row in trend],
            "egresos": [row["egresos"] for row in trend],
            "atenciones": [row["atenciones"] for row in trend],
        },
    }


def _figure(height: float = 2.4) -> tuple[Figure, object]:
    figure = Figure(figsize=(7.2, height), dpi=96)
    figure.subplots_adjust(left=0.08, right=0.97, bottom=0.25, top=0.86)
    axes = figure.add_subplot()
    axes.tick_params(labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def charts(figures: dict) -> list[dict]:
    """The PDF's charts: attentions by discipline and the 12-month trend."""
    data = chart_data(figures)
    drawn = []
    disciplines = data["disciplinas"]
    figure, axes = _figure(2.0)
    axes.barh(disciplines["labels"], disciplines["values"], color=BLUE)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title("Atenciones del mes por disciplina", fontsize=9)
    axes.tick_params(axis="y", labelsize=7)
    figure.subplots_adjust(left=0.25, bottom=0.15)
    for index, value in enumerate(disciplines["values"]):
        axes.annotate(
            str(value), (value, index), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7
        )
    drawn.append({"caption": "Atenciones del mes por disciplina", "uri": _png(figure)})
    trend = data["tendencia"]
    if trend["labels"]:
        figure, axes = _figure(2.6)
        positions = range(len(trend["labels"]))
        width = 0.4
        axes.bar([p - width / 2 for p in positions], trend["ingresos"], width, color=GREEN, label="Ingresos")
        axes.bar([p + width / 2 for p in positions], trend["egresos"], width, color=RED, label="Egresos")
        axes.set_xticks(list(positions), trend["labels"], rotation=30, ha="right")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        other = axes.twinx()
        other.plot(
            list(positions), trend["activos"], color=BLUE, marker="o", label="Activos al cierre del mes"
        )
        other.tick_params(labelsize=7)
        other.yaxis.set_major_locator(MaxNLocator(integer=True))
        other.spines[["top"]].set_visible(False)
        other.set_ylim(bottom=0)
        handles = axes.get_legend_handles_labels()[0] + other.get_legend_handles_labels()[0]
        names = axes.get_legend_handles_labels()[1] + other.get_legend_handles_labels()[1]
        figure.legend(handles, names, loc="upper center", ncol=3, fontsize=7, frameon=False)
        drawn.append(
            {"caption": "Últimos 12 meses: activos al cierre, ingresos y egresos", "uri": _png(figure)}
        )
    return drawn


def render_pdf(
    figures: dict, *, generated_by: str, generated_at: datetime.datetime, issue: dict | None = None
) -> bytes:
    """The report as PDF. ``issue``: version, SHA-less details of an issue (None: a draft)."""
    context = {
        "figures": figures,
        "month": Month.parse(figures["mes"]),
        "sections": labelled.sections(figures),
        "trend": trend_rows(figures),
        "charts": charts(figures),
        "issue": issue,
        "fonts": FONTS,
        "ips": settings.DATAMED_IPS_NOMBRE,
        "generated_by": generated_by,
        "generated_at": timezone.localtime(generated_at),
    }
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reports/report_pdf.html", context)
    output = io.BytesIO()
    status = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if status.err:
        raise PdfError(f"xhtml2pdf: {status.err} errores al componer el PDF")
    return output.getvalue()


def trend_rows(figures: dict) -> list[dict]:
    return [
        {
            "mes": Month.parse(row["mes"]).short_label,
            "activos": labelled.display(row["pacientes_activos_fin"], "count"),
            "ingresos": labelled.display(row["ingresos"], "count"),
            "egresos": labelled.display(row["egresos"], "count"),
            "atenciones": labelled.display(row["atenciones"], "count"),
            "capita": labelled.display(row["capita_valor"], "money"),
        }
        for row in figures.get("tendencia", [])
    ]


def render_xlsx(
    figures: dict, *, generated_by: str, generated_at: datetime.datetime, issue: dict | None = None
) -> bytes:
    """The report as .xlsx: the figures (as numbers) and the 12-month trend."""
    month = Month.parse(figures["mes"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Informe"
    bold = Font(bold=True)
    title = f"Informe mensual del programa · {figures['eps_nombre']} · {month.label}"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    local = timezone.localtime(generated_at)
    state = f"Versión {issue['version']} emitida" if issue else "Borrador (no emitido)"
    sheet.append([f"{state} por {generated_by} el {local:%d/%m/%Y %H:%M} (hora de Bogotá)"])
    sheet.append([])
    sheet.append(["Sección", "Cifra", "Valor", "Clave"])
    for cell in sheet[4]:
        cell.font = bold
    for row in labelled.rows(figures):
        value = row.value
        if row.kind == "money" and value is not None:
            value = float(value)
        elif value is None:
            value = labelled.NOT_AVAILABLE if row.kind == "text" else None
        sheet.append([row.section, ("   " if row.indent else "") + row.label, value, row.key])
        cell = sheet.cell(row=sheet.max_row, column=3)
        if row.kind == "money":
            cell.number_format = "#,##0"
        elif row.kind in ("percent", "days"):
            cell.number_format = "0.0"
    for column, width in zip("ABCD", (30, 62, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width
    trend = workbook.create_sheet("Tendencia")
    trend.append(["Mes", "Activos al cierre", "Ingresos", "Egresos", "Atenciones", "Cápita facturada (COP)"])
    for cell in trend[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True)
    for row in figures.get("tendencia", []):
        trend.append(
            [
                row["mes"],
                row["pacientes_activos_fin"],
                row["ingresos"],
                row["egresos"],
                row["atenciones"],
                float(row["capita_valor"]),
            ]
        )
        trend.cell(row=trend.max_row, column=6).number_format = "#,##0"
    for column in "ABCDEF":
        trend.column_dimensions[column].width = 18
    workbook.properties.creator = "DataMed"
    workbook.properties.created = workbook.properties.modified = generated_at.replace(tzinfo=None)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def filename(eps: str, month: Month, fmt: str) -> str:
    return f"informe_{eps}_{month}_borrador.{fmt}"
