"""The worklist page: what each role sees, its filters, order, export and query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careplan.tests.helpers import DAY, item, psychology_on
from patients import services as patient_services
from patients.choices import EntidadSalud, EstadoIngreso, Programa
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory

URL = reverse("careplan:worklist")


def _labels(response) -> list[str]:
    return [line.item.etiqueta for line in response.context["page"]]


@pytest.fixture
def overdue_patient(db):
    """An AOS patient four months into the cycle: months 1..3 items are overdue."""
    return PatientFactory(cycle=months_ago(4), apellido="Vencida", entidad_salud=EntidadSalud.ECOPETROL)


def test_a_psychologist_sees_only_psychology_items(client, member, overdue_patient):
    client.force_login(member("Psicología"))
    response = client.get(URL)
    assert response.status_code == 200
    labels = _labels(response)
    assert labels == ["Valoración de psicología · mes 1"]
    assert "Vencida" in response.content.decode()


def test_a_respiratory_therapist_sees_monitoring_notes_and_equipment(client, member, overdue_patient):
    client.force_login(member("Terapia respiratoria"))
    types = {line.tipo for line in client.get(URL).context["page"]}
    assert types == {"monitoreo", "seguimiento", "equipo_medico"}


def test_a_clinician_cannot_widen_the_list_to_another_discipline(client, member, overdue_patient):
    client.force_login(member("Nutrición"))
    types = {line.tipo for line in client.get(URL, {"disciplina": "psicologia"}).context["page"]}
    assert types == {"nutricion"}


def test_a_coordinator_sees_every_discipline_and_may_narrow_to_one(client, member, overdue_patient):
    client.force_login(member("Coordinador"))
    every = {line.tipo for line in client.get(URL).context["page"]}
    assert {"psicologia", "nutricion", "monitoreo", "basal"} <= every
    narrowed = {line.tipo for line in client.get(URL, {"disciplina": "neumologia"}).context["page"]}
    assert narrowed == {"basal", "neumologia", "titulacion"}


def test_most_overdue_first_with_days_overdue(client, member, db):
    older = PatientFactory(cycle=months_ago(4), apellido="Antigua")
    PatientFactory(cycle=months_ago(3), apellido="Reciente")
    client.force_login(member("Psicología"))
    page = client.get(URL).context["page"]
    assert [line.ingreso.paciente.apellido for line in page] == ["Antigua", "Reciente"]
    first = page[0]
    assert first.dias_vencido == (today() - item(older.ingresos.get(), "psicologia", mes=1).ventana_fin).days


def test_a_done_item_leaves_the_list(client, member, overdue_patient):
    ingreso = overdue_patient.ingresos.get()
    psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_fin)
    client.force_login(member("Psicología"))
    assert _labels(client.get(URL)) == []


def test_suspended_and_closed_cycles_are_not_listed(client, member, db):
    suspended = PatientFactory(cycle=months_ago(4)).ingresos.get()
    patient_services.change_cycle_state(suspended.pk, EstadoIngreso.SUSPENDIDO, today(), "Sin equipo")
    closed = PatientFactory(cycle=months_ago(4)).ingresos.get()
    patient_services.change_cycle_state(closed.pk, EstadoIngreso.TERMINADO, today(), "EGRESO_COMPLETO")
    client.force_login(member("Psicología"))
    assert _labels(client.get(URL)) == []


def test_filters_by_eps_and_program(client, member, db):
    PatientFactory(cycle=months_ago(4), apellido="Eco", entidad_salud=EntidadSalud.ECOPETROL)
    PatientFactory(
        cycle=months_ago(4), apellido="San", entidad_salud=EntidadSalud.SANITAS, programa=Programa.INSOMNIO
    )
    client.force_login(member("Psicología"))

    def surnames(**query):
        return {line.ingreso.paciente.apellido for line in client.get(URL, query).context["page"]}

    assert surnames() == {"Eco", "San"}
    assert surnames(eps=EntidadSalud.SANITAS) == {"San"}
    assert surnames(programa=Programa.AOS) == {"Eco"}
    assert surnames(eps="NO-EXISTE") == {"Eco", "San"}


def test_upcoming_shows_windows_opening_in_the_next_30_days(client, member, db):
    patient = PatientFactory(cycle=today())
    client.force_login(member("Psicología"))
    assert _labels(client.get(URL)) == []
    window = item(patient.ingresos.get(), "psicologia", mes=1)
    upcoming = _labels(client.get(URL, {"ver": "proximos"}))
    if window.ventana_inicio <= today() + datetime.timedelta(days=30):
        assert upcoming == ["Valoración de psicología · mes 1"]
    else:
        assert upcoming == []


def test_the_register_link_opens_the_form_of_the_item_type(client, member, overdue_patient):
    client.force_login(member("Terapia respiratoria"))
    page = client.get(URL).context["page"]
    links = {line.tipo: line.register_url for line in page}
    pk = overdue_patient.pk
    assert links["monitoreo"] == reverse("exams:register", args=[pk, "monitoreo"])
    assert links["seguimiento"] == reverse("exams:register", args=[pk, "monitoreo"]) + "?tab=seguimiento"
    form = client.get(links["seguimiento"])
    assert form.context["active_tab"] == "seguimiento"


def test_the_menu_links_to_the_worklist(client, member, db):
    client.force_login(member("Psicología"))
    assert f'href="{URL}"' in client.get(reverse("dashboard:index")).content.decode()


def test_export_as_csv_and_xlsx(client_logged, overdue_patient):
    response = client_logged.get(
        reverse("careplan:worklist_export", args=["csv"]), {"disciplina": "psicologia"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert overdue_patient.documento in body
    assert "Valoración de psicología · mes 1" in body
    assert "Monitoreo" not in body
    xlsx = client_logged.get(reverse("careplan:worklist_export", args=["xlsx"]))
    assert xlsx.status_code == 200


def test_export_is_refused_without_the_export_right(client, member, overdue_patient):
    client.force_login(member("Psicología"))
    assert client.get(reverse("careplan:worklist_export", args=["csv"])).status_code == 403


def _queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, query).status_code == 200
    return len(captured)


def test_the_worklist_makes_the_same_queries_at_two_data_sizes(client, member, db):
    client.force_login(member("Coordinador"))
    PatientFactory(cycle=months_ago(4))
    PatientFactory(cycle=today())  # its month-1 windows open within 30 days
    small = _queries(client), _queries(client, ver="proximos"), _queries(client, disciplina="psicologia")
    for months in (2, 3, 5, 6, 7, 9, 11):
        PatientFactory(cycle=months_ago(months), entidad_salud=EntidadSalud.SANITAS)
    large = _queries(client), _queries(client, ver="proximos"), _queries(client, disciplina="psicologia")
    assert large == small


def test_days_overdue_counts_from_the_window_end(overdue_patient):
    line = item(overdue_patient.ingresos.get(), "psicologia", mes=1)
    assert line.dias_vencido_on(line.ventana_fin) == 0
    assert line.dias_vencido_on(line.ventana_fin + DAY) == 1


def test_the_total_from_the_counts_matches_the_rows(client, member, db):
    PatientFactory(cycle=months_ago(4), entidad_salud=EntidadSalud.SANITAS)
    PatientFactory(cycle=months_ago(7), programa=Programa.INSOMNIO)
    PatientFactory(cycle=today())
    client.force_login(member("Coordinador"))
    for query in (
        {},
        {"ver": "proximos"},
        {"disciplina": "psicologia"},
        {"eps": "SANITAS"},
        {"programa": Programa.INSOMNIO},
    ):
        page = client.get(URL, query).context["page"]
        assert page.paginator.count == page.paginator.object_list.rows.count(), query
