"""The PDF summary of a cycle (SPEC §12): a Django template turned into PDF by xhtml2pdf.

xhtml2pdf (on ReportLab) installs from pip wheels alone, with no system library, so a fresh
machine, the Docker image and CI need nothing from the operating system; it honours the paged
parts the summary needs (header and footer frames, table headers repeated on each page a table
spans). «Página N de M» is stamped on each page once the document is laid out (pypdf, which
xhtml2pdf depends on): xhtml2pdf's own page total (``<pdf:pagecount>``) lays the whole document
out twice, a third of the time of a busy cycle's summary. The text uses DejaVu Sans, which
matplotlib ships in its wheel, so every character of the records (≥, ², accents) has a glyph
and the PDF looks the same anywhere.
"""

import datetime
import io
from pathlib import Path

import matplotlib
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import HexColor
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from xhtml2pdf import pisa

from documents.charts import trend_charts
from documents.selectors import CycleSummary
from patients.models import today

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONTS = {"regular": str(FONT_DIR / "DejaVuSans.ttf"), "bold": str(FONT_DIR / "DejaVuSans-Bold.ttf")}
#: Paper sizes offered (SPEC §12: printable on A4 or Letter), by the name the query uses.
PAPERS = {"a4": "a4", "carta": "letter"}


class PdfError(RuntimeError):
    """xhtml2pdf reported errors while laying out the document."""


def frame_context(generated_by: str, generated_at: datetime.datetime | None, paper: str) -> dict:
    """What ``documents/base_pdf.html`` (the header and footer every PDF shares) reads."""
    return {
        "ips": settings.DATAMED_IPS_NOMBRE,
        "fonts": FONTS,
        "paper": PAPERS[paper],
        "generated_by": generated_by,
        "generated_at": timezone.localtime(generated_at or timezone.now()),
    }


def summary_context(summary: CycleSummary) -> dict:
    sections = summary.sections
    by_slug = {section.record_type.slug: section for section in sections}
    return {
        "patient": summary.patient,
        "ingreso": summary.ingreso,
        "sections": sections,
        "last_attention": summary.last_attention,
        "latest_monitoreo": by_slug["monitoreo"].latest if sections else None,
        "therapy": summary.therapy,
        "charts": trend_charts(summary.therapy["charts"]) if summary.therapy else [],
    }


def render(
    template: str,
    context: dict,
    generated_by: str,
    generated_at: datetime.datetime | None = None,
    paper: str = "a4",
) -> bytes:
    """The PDF bytes of ``template`` (one extending ``documents/base_pdf.html``) with
    ``context``, generated for ``generated_by`` (a person's name) at ``generated_at`` (now by
    default), with Spanish dates in Bogotá time and every page numbered."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, {**frame_context(generated_by, generated_at, paper), **context})
    output = io.BytesIO()
    status = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if status.err:
        raise PdfError(f"xhtml2pdf: {status.err} errores al componer el PDF")
    return number_pages(output.getvalue())


def render_summary(
    summary: CycleSummary,
    generated_by: str,
    generated_at: datetime.datetime | None = None,
    paper: str = "a4",
) -> bytes:
    """The PDF bytes of the cycle's ``summary`` (SPEC §12)."""
    with translation.override(settings.LANGUAGE_CODE):  # the charts' captions are Spanish text
        context = summary_context(summary)
    return render("documents/clinical_summary.html", context, generated_by, generated_at, paper)


#: Rows per table of a long listing. ReportLab splits a table page by page by re-laying out what
#: is left, so one table of n rows costs about n²: 5,000 accesses took 64 s in one table and
#: take 14 s in tables of 200 (each repeats its header on the pages it spans).
ROWS_PER_TABLE = 200


def table_chunks(rows: list) -> dict:
    """``chunks`` (consecutive tables of at most ``ROWS_PER_TABLE`` rows) and ``count``."""
    return {
        "chunks": [rows[start : start + ROWS_PER_TABLE] for start in range(0, len(rows), ROWS_PER_TABLE)],
        "count": len(rows),
    }


#: Where «Página N de M» goes: the footer's bottom line, at the right margin.
PAGE_NUMBER_RIGHT, PAGE_NUMBER_BOTTOM = 1.4 * cm, 0.55 * cm


def number_pages(document: bytes) -> bytes:
    """Stamp «Página N de M» at the bottom right of every page of ``document``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        stamp = io.BytesIO()
        canvas = Canvas(stamp, pagesize=(width, height))
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(HexColor("#495057"))
        canvas.drawRightString(width - PAGE_NUMBER_RIGHT, PAGE_NUMBER_BOTTOM, f"Página {number} de {total}")
        canvas.save()
        page.merge_page(PdfReader(stamp).pages[0])
        page.compress_content_streams()  # merging leaves the page's content uncompressed
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def filename(summary: CycleSummary) -> str:
    patient = summary.patient
    start = summary.ingreso.fecha_inicio.isoformat() if summary.ingreso else "sin-ciclo"
    return f"resumen_{patient.tipo_documento}{patient.documento}_{start}.pdf"


def access_report_filename(patient) -> str:
    return f"accesos_{patient.tipo_documento}{patient.documento}_{today():%Y-%m-%d}.pdf"
