"""User data is escaped on every page that shows it, flash messages included."""

import pytest
from django.urls import reverse

from exams.models import Neumologia, SeguimientoAdaptacion
from exams.services import register_record
from patients.tests.dates import months_ago
from patients.tests.factories import patient_form_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
NOTE = '<b>hola</b><img src=x onerror="alert(2)">'


def _assert_escaped(body: str, where: str):
    assert SCRIPT not in body, where
    assert "<img src=x" not in body and "<b>hola</b>" not in body, where


def test_patient_name_and_notes_are_escaped_everywhere(client_logged, coordinator):
    response = client_logged.post(
        reverse("patients:create"),
        patient_form_data(nombre=SCRIPT, apellido=SCRIPT, medico_remitente=NOTE),
        follow=True,
    )
    body = response.content.decode()
    _assert_escaped(body, "flash message after create")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    patient = response.context["patient"]
    ingreso = patient.ingreso_activo
    note = register_record(SeguimientoAdaptacion(observaciones=NOTE), ingreso, coordinator)
    register_record(Neumologia(medico_tratante=SCRIPT, especialidad=NOTE), ingreso, coordinator)
    # an old attention makes the patient appear in the dashboard's no-attention list
    ingreso.fecha_inicio = months_ago(12)
    ingreso.save()
    ingreso.seguimientos.update(fecha_atencion=ingreso.fecha_inicio)
    pages = [
        reverse("dashboard:index"),
        reverse("patients:list"),
        reverse("patients:follow"),
        reverse("patients:detail", args=[patient.pk]),
        reverse("exams:clinical", args=[patient.pk]),
        reverse("exams:edit", args=["seguimiento", note.pk]),
    ]
    for url in pages:
        body = client_logged.get(url).content.decode()
        assert "&lt;script&gt;" in body, url
        _assert_escaped(body, url)
    state = reverse("patients:change_state", args=[ingreso.pk, "SUSPENDIDO"])
    followed = client_logged.post(state, {"fecha_terminacion": "", "motivo_estado": SCRIPT}, follow=True)
    _assert_escaped(followed.content.decode(), "flash message after a refused transition")
    suspended = client_logged.post(
        state, {"fecha_terminacion": ingreso.fecha_inicio.isoformat(), "motivo_estado": SCRIPT}, follow=True
    )
    body = suspended.content.decode()
    _assert_escaped(body, "follow page with an HTML reason")
    assert "&lt;script&gt;" in body


def test_nothing_is_marked_safe_in_the_project():
    """Auto-escaping is never switched off: no mark_safe, |safe or autoescape off anywhere."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    folders = ["datamed", "patients", "exams", "dashboard", "users", "templates"]
    sources = [
        path
        for folder in folders
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html"} and path.name != "test_escaping.py"
    ]
    assert len(sources) > 50
    markers = ("mark_safe", "|safe", "autoescape off", "SafeString")
    offenders = [
        str(path.relative_to(root)) for path in sources if any(m in path.read_text() for m in markers)
    ]
    assert offenders == []
