"""/patients/ and /patients/follow: search, filters, pagination and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients import selectors
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
LIST = reverse("patients:list")
FOLLOW = reverse("patients:follow")


def _names(response):
    return [cycle.paciente.nombre for cycle in response.context["page"]]


def test_list_shows_only_patients_with_an_active_cycle(client_logged):
    PatientFactory(nombre="Activa")
    suspended = PatientFactory(nombre="Suspendida")
    suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    PatientFactory(nombre="SinCiclo", cycle=False)
    assert _names(client_logged.get(LIST)) == ["Activa"]


def test_search_by_name_surname_and_document(client_logged):
    PatientFactory(nombre="Rosa", apellido="Quintero", documento="91234567")
    PatientFactory(nombre="Pedro", apellido="Serrano", documento="13888999")
    assert _names(client_logged.get(LIST, {"q": "rosa"})) == ["Rosa"]
    assert _names(client_logged.get(LIST, {"q": "serr"})) == ["Pedro"]
    assert _names(client_logged.get(LIST, {"q": "9123"})) == ["Rosa"]
    assert _names(client_logged.get(LIST, {"q": "rosa serrano"})) == []


def test_filter_by_mes_capita(client_logged):
    PatientFactory(nombre="Mes1", cycle=today())
    PatientFactory(nombre="Mes5", cycle=months_ago(4))
    PatientFactory(nombre="Mes18", cycle=months_ago(30))
    assert _names(client_logged.get(LIST, {"mes": "5"})) == ["Mes5"]
    assert _names(client_logged.get(LIST, {"mes": "18"})) == ["Mes18"]


def test_ten_per_page_and_filters_kept_in_page_links(client_logged):
    for i in range(23):
        PatientFactory(apellido=f"Gómez {i:02d}", cycle=months_ago(2))
    response = client_logged.get(LIST, {"q": "Gómez", "mes": "3"})
    assert len(response.context["page"]) == 10
    assert response.context["page"].paginator.num_pages == 3
    assert "?q=G%C3%B3mez&amp;mes=3&amp;page=2" in response.content.decode()
    page3 = client_logged.get(LIST, {"q": "Gómez", "mes": "3", "page": "3"})
    assert len(page3.context["page"]) == 3


def test_follow_shows_every_patient_with_all_cycles(client_logged):
    patient = PatientFactory(nombre="Ciclos", cycle=months_ago(20))
    patient.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=months_ago(1))
    patient.ingresos.create(fecha_inicio=today())
    body = client_logged.get(FOLLOW).content.decode()
    assert "Ciclos" in body
    assert body.count("text-bg-secondary") == 1 and "Terminado" in body and "Activo" in body


def test_follow_flags_open_cycles_past_month_18(client_logged):
    PatientFactory(cycle=months_ago(19))
    assert "Supera 18 meses" in client_logged.get(FOLLOW).content.decode()


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LIST, FOLLOW, f"{LIST}?q=Apellido&mes=3", f"{FOLLOW}?q=Nombre&page=2"])
def test_query_count_does_not_grow_with_patients(client_logged, url):
    for i in range(10):
        PatientFactory(cycle=months_ago(i % 18))
    small = _query_count(client_logged, url)
    for i in range(190):
        patient = PatientFactory(cycle=months_ago(i % 20))
        if i % 3 == 0:
            patient.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
            patient.ingresos.create(fecha_inicio=today())
    assert _query_count(client_logged, url) == small


def test_follow_offers_a_new_cycle_only_without_an_open_one(client_logged):
    open_one = PatientFactory(nombre="Abierto")
    closed = PatientFactory(nombre="Cerrado")
    closed.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    body = client_logged.get(FOLLOW).content.decode()
    assert reverse("patients:new_cycle", args=[closed.pk]) in body
    assert reverse("patients:new_cycle", args=[open_one.pk]) not in body


def test_pages_follow_surname_then_name_with_and_without_search(client_logged):
    """Unfiltered pages read the cycles' copy of the names; a search reads the patients. Both
    give the same order, and a renamed patient moves at once."""
    for index in range(12):
        PatientFactory(apellido=f"Zapata {index:02d}", nombre="Ana", cycle=months_ago(1))
    renamed = PatientFactory(apellido="Zapata 99", nombre="Ana", cycle=months_ago(1))
    renamed.apellido = "Abril"
    renamed.save()

    def surnames(**query):
        pages = [client_logged.get(LIST, {**query, "page": page}) for page in (1, 2)]
        return [cycle.paciente.apellido for response in pages for cycle in response.context["page"]]

    expected = ["Abril"] + [f"Zapata {index:02d}" for index in range(12)]
    assert surnames() == expected
    assert surnames(mes="2") == expected
    assert surnames(q="Ana") == expected


# Surnames on both sides of every initial's boundary, in lower case, with accents and before "A".
SURNAMES = [
    "Abril",
    "Álvarez",
    "Ñañez",
    "de la Hoz",
    "Zapata",
    "Zúñiga",
    "Mejía",
    "Márquez",
    "Mz",
    "N",
    "Naranjo",
    "Becerra",
    "Ybarra",
    "Cano",
    "Caño",
    "123 Sin letra",
    "O'Neill",
    "Ángel",
]


def test_every_page_start_of_the_unfiltered_list_follows_the_name_order(client_logged):
    """A page found from the counts per surname initial holds the same cycles as an OFFSET
    along the whole name order would, wherever it starts, whatever the collation."""
    for index, surname in enumerate(SURNAMES * 2):
        PatientFactory(apellido=surname, nombre=f"Nombre {index:02d}", cycle=months_ago(index % 18))
    suspended = PatientFactory(apellido="Gómez", cycle=months_ago(2))
    suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    cycles = selectors.active_cycles()
    in_name_order = list(cycles.ordered().values_list("id", flat=True))
    assert len(in_name_order) == cycles.count() == len(SURNAMES) * 2
    for start in range(len(in_name_order) + 1):
        assert [cycle.pk for cycle in cycles[start : start + 4]] == in_name_order[start : start + 4]


def test_a_page_past_the_first_reads_the_counts_per_initial_once(client_logged):
    for index in range(25):
        PatientFactory(apellido=SURNAMES[index % len(SURNAMES)], cycle=months_ago(1))
    first, second = (_query_count(client_logged, f"{LIST}?page={page}") for page in (1, 2))
    assert second == first + 1
    for index in range(60):
        PatientFactory(apellido=SURNAMES[index % len(SURNAMES)], cycle=months_ago(1))
    assert _query_count(client_logged, f"{LIST}?page=5") == second


def _registered_in_order(surnames, **fields):
    """Patients created one after another: later ones are the more recently registered."""
    return [PatientFactory(apellido=surname, **fields) for surname in surnames]


@pytest.mark.parametrize("url", [LIST, FOLLOW])
def test_a_search_matching_more_than_the_limit_lists_the_newest_in_name_order_and_says_so(
    client_logged, settings, url
):
    settings.DATAMED_SEARCH_LIMIT = 3
    _registered_in_order(["Gómez Ruiz", "Gómez Arias", "Gómez Vera", "Gómez Díaz", "Gómez Cano"])
    response = client_logged.get(url, {"q": "Gómez"})
    page = response.context["page"]
    shown = [getattr(row, "paciente", row).apellido for row in page]
    assert shown == ["Gómez Cano", "Gómez Díaz", "Gómez Vera"]  # the 3 newest, by name
    assert page.paginator.count == 3 and response.context["more_than_shown"]
    body = response.content.decode()
    assert "Más de 3 pacientes" in body and "registrados más recientemente" in body


@pytest.mark.parametrize("url", [LIST, FOLLOW])
def test_a_search_within_the_limit_shows_every_match_and_no_warning(client_logged, settings, url):
    settings.DATAMED_SEARCH_LIMIT = 3
    _registered_in_order(["Gómez Ruiz", "Gómez Arias", "Gómez Vera", "Pérez Díaz"])
    response = client_logged.get(url, {"q": "Gómez"})
    assert response.context["page"].paginator.count == 3
    assert not response.context["more_than_shown"]
    assert "Más de" not in response.content.decode()


def test_the_limit_counts_only_patients_the_list_can_show(client_logged, settings):
    """Newer matching patients without an ACTIVO cycle do not take places in /patients/."""
    settings.DATAMED_SEARCH_LIMIT = 2
    _registered_in_order(["Gómez Ruiz", "Gómez Arias"])
    for suspended in _registered_in_order(["Gómez Vera", "Gómez Díaz"]):
        suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    response = client_logged.get(LIST, {"q": "Gómez"})
    assert [cycle.paciente.apellido for cycle in response.context["page"]] == ["Gómez Arias", "Gómez Ruiz"]
    assert not response.context["more_than_shown"]
    follow = client_logged.get(FOLLOW, {"q": "Gómez"})  # every patient, so more than 2
    assert follow.context["more_than_shown"]


@pytest.mark.parametrize("url", [LIST, FOLLOW])
def test_query_count_is_the_same_below_and_above_the_search_limit(client_logged, settings, url):
    settings.DATAMED_SEARCH_LIMIT = 5
    for _ in range(3):
        PatientFactory(apellido="Gómez")
    below = _query_count(client_logged, f"{url}?q=Gómez&page=1")
    for _ in range(30):
        PatientFactory(apellido="Gómez")
    assert _query_count(client_logged, f"{url}?q=Gómez&page=1") == below


@pytest.mark.parametrize("chosen", ["", "5", "18", "nineteen"])
def test_the_month_filter_is_the_select_django_would_render(chosen):
    """Its HTML is kept per month chosen; it must be what the plain widget renders, chosen
    option included, and a value that is no month is rendered afresh."""
    from django import forms

    from patients.forms import PatientSearchForm

    field = PatientSearchForm.base_fields["mes"]
    plain = forms.Select(attrs={"class": "form-select"}, choices=field.choices)
    attrs = {"id": "id_mes"}
    if chosen == "nineteen":  # invalid: the field says so
        attrs = {"aria-invalid": "true", "aria-describedby": "id_mes_error", **attrs}
    for _ in range(2):  # rendered, then from what was kept
        html = str(PatientSearchForm({"mes": chosen})["mes"])
        assert html == plain.render("mes", chosen, attrs=attrs)
    assert ('value="5" selected' in html) == (chosen == "5")


def test_a_cycle_suspended_between_the_pages_two_reads_is_left_out(monkeypatch):
    """The page reads the ids in name order, then their rows: a cycle another user suspended in
    between no longer matches, and the page shows the others instead of failing."""
    kept, suspended = PatientFactory(apellido="Aguilar"), PatientFactory(apellido="Bernal")
    listed = selectors.active_cycles()
    ids_then = listed._ids(slice(0, 10))
    suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    monkeypatch.setattr(listed, "_ids", lambda window: ids_then)

    assert [cycle.paciente for cycle in listed[0:10]] == [kept]
