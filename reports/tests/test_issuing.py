"""Issuing a month freezes it; the issued files download byte for byte; re-issuing after the
data changed keeps both versions and shows what changed."""

import datetime
import hashlib
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from datamed.exceptions import StateConflict
from exams.services import void_record
from reports import services
from reports.models import DeletionRefused, EmisionInforme
from reports.tests.world import MONTH, build_month

pytestmark = pytest.mark.django_db
QUERY = {"eps": "SANITAS", "mes": str(MONTH)}


@pytest.fixture
def month(coordinator):
    return build_month(coordinator)


def _issue(client):
    return client.post(reverse("reports:issue"), QUERY)


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_issuing_freezes_figures_files_hash_author_and_time(client_logged, coordinator, month):
    response = _issue(client_logged)
    issued = EmisionInforme.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:issued", args=[issued.pk])
    assert (issued.entidad_salud, issued.mes, issued.version) == ("SANITAS", datetime.date(2025, 3, 1), 1)
    assert issued.emitido_por == coordinator and issued.emitido_el is not None
    assert issued.cifras["pacientes_activos_fin"] == 5
    assert issued.pdf_sha256 == hashlib.sha256(bytes(issued.pdf)).hexdigest()
    assert issued.xlsx_sha256 == hashlib.sha256(bytes(issued.xlsx)).hexdigest()
    text = _pdf_text(bytes(issued.pdf))
    assert "Informe mensual del programa" in text and "Versión 1 emitida" in text
    assert "1.550.000" in text  # capita billed, es-CO
    sheet = load_workbook(io.BytesIO(bytes(issued.xlsx)))["Informe"]
    values = {row[3]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert values["pacientes_activos_inicio"] == 5 and values["capita.valor"] == 1550000


def test_issued_files_download_again_byte_for_byte(client_logged, month):
    _issue(client_logged)
    issued = EmisionInforme.objects.get()
    for fmt in ("pdf", "xlsx"):
        first = client_logged.get(reverse("reports:issued_file", args=[issued.pk, fmt]))
        second = client_logged.get(reverse("reports:issued_file", args=[issued.pk, fmt]))
        assert first.status_code == 200
        assert first.content == second.content == bytes(getattr(issued, fmt))
        assert first["X-Content-SHA256"] == hashlib.sha256(first.content).hexdigest()
    # A draft generated now is a new file (new time), never the issued one.
    draft = client_logged.get(reverse("reports:draft_export", args=["pdf"]), QUERY)
    assert draft.status_code == 200 and draft.content != bytes(issued.pdf)
    assert "Borrador" in _pdf_text(draft.content)


def test_reissuing_unchanged_figures_is_refused(client_logged, coordinator, month):
    _issue(client_logged)
    with pytest.raises(StateConflict):
        services.issue_report("SANITAS", MONTH, coordinator)
    response = _issue(client_logged)
    assert response.status_code == 302 and "eps=SANITAS" in response.url
    assert EmisionInforme.objects.count() == 1
    page = client_logged.get(reverse("reports:index"), QUERY)
    assert "tiene las mismas cifras" in page.content.decode()


def test_reissuing_after_a_change_keeps_both_versions_and_shows_the_differences(client_logged, month):
    _issue(client_logged)
    first = EmisionInforme.objects.get()
    first_pdf = bytes(first.pdf)
    # A psychology attention of the month is voided after the report was issued.
    psychology = month["A"].psicologia_set.get(anulado=False)
    void_record(psychology, "Registrado por error")
    page = client_logged.get(reverse("reports:index"), QUERY).content.decode()
    assert "Los datos cambiaron desde la versión 1" in page
    assert "Emitir versión 2" in page
    _issue(client_logged)
    second = EmisionInforme.objects.get(version=2)
    assert second.anterior == first
    first.refresh_from_db()
    assert bytes(first.pdf) == first_pdf  # the first version is kept as issued
    assert (first.cifras["atenciones"]["total"], second.cifras["atenciones"]["total"]) == (7, 6)
    detail = client_logged.get(reverse("reports:issued", args=[second.pk])).content.decode()
    assert "Cambios frente a la versión 1" in detail
    assert "Atenciones del mes (bitácora, sin anuladas)" in detail
    assert "Reemplazada por" not in detail
    assert "Reemplazada por" in client_logged.get(reverse("reports:issued", args=[first.pk])).content.decode()
    assert "Cambios respecto de la versión 1" in _pdf_text(bytes(second.pdf))


def test_an_issued_report_is_never_deleted(coordinator, month):
    issued = services.issue_report("SANITAS", MONTH, coordinator)
    with pytest.raises(DeletionRefused):
        issued.delete()
    with pytest.raises(DeletionRefused):
        EmisionInforme.objects.all().delete()
    assert issued.files_intact()


def test_the_database_keeps_an_issued_month_on_its_first_day(coordinator, month):
    issued = services.issue_report("SANITAS", MONTH, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmisionInforme.objects.filter(pk=issued.pk).update(mes=issued.mes.replace(day=15))
    EmisionInforme.objects.filter(pk=issued.pk).update(mes=issued.mes)  # the first day itself is kept


def test_the_page_shows_the_figures_charts_and_trend(client_logged, month):
    response = client_logged.get(reverse("reports:index"), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-key="pacientes_activos_fin">5<' in page
    assert 'data-key="capita.valor">$ 1.550.000<' in page
    assert 'data-key="cumplimiento_protocolo.porcentaje">' in page
    assert 'id="report-chart-data"' in page and "report-charts.js" in page
    assert page.count('<tr><th scope="row" class="fw-normal">') >= 12  # trend rows among them


def test_a_bad_month_is_answered_next_to_the_field(client_logged):
    response = client_logged.get(reverse("reports:index"), {"eps": "SANITAS", "mes": "2025-13"})
    assert response.status_code == 200
    assert "Escriba el mes como AAAA-MM" in response.content.decode()
    assert "draft" not in response.context or response.context.get("draft") is None
