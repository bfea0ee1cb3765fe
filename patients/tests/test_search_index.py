"""The indexed search finds what the first version found: every word, anywhere in the first
name, surname or document, whatever the case (accented letters included)."""

import pytest
from django.db import connection
from django.urls import reverse

from patients import services
from patients.search import ensure_sqlite_search_index
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
LIST = reverse("patients:list")
FOLLOW = reverse("patients:follow")


def _names(client, query, url=LIST):
    page = client.get(url, {"q": query}).context["page"]
    return sorted(getattr(row, "paciente", row).nombre for row in page)


@pytest.fixture
def people():
    PatientFactory(nombre="María José", apellido="Gómez Peña", documento="1098765432")
    PatientFactory(nombre="Ángel", apellido="Núñez Ortiz", documento="91234567")
    PatientFactory(nombre="Pedro", apellido="Serrano", documento="13888999")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gómez", ["María José"]),
        ("GÓMEZ", ["María José"]),
        ("peña", ["María José"]),  # second surname
        ("arí", ["María José"]),  # part of a word
        ("maría peña", ["María José"]),  # two words, in any field
        ("ÁNGEL núñez", ["Ángel"]),
        ("876543", ["María José"]),  # part of the document
        ("9123", ["Ángel"]),
        ("er", ["Pedro"]),  # shorter than a trigram: still found
        ("pedro gómez", []),  # every word must match
        ('"gómez"', []),  # quotes are searched for, not interpreted
        ("pedro er", ["Pedro"]),  # an indexed word and a short one (Serrano)
        ("maría AND peña", []),  # operators of the index are words like any other
        ("maría OR pedro", []),
    ],
)
def test_search_matches_words_anywhere_ignoring_case(client_logged, people, query, expected):
    assert _names(client_logged, query) == expected
    assert _names(client_logged, query, FOLLOW) == expected


def test_search_follows_a_renamed_patient(client_logged, people, coordinator):
    patient = PatientFactory(nombre="Lucía", apellido="Rojas")
    patient.apellido = "Villamizar"
    services.update_patient(patient, user=coordinator)
    assert _names(client_logged, "villamizar") == ["Lucía"]
    assert _names(client_logged, "rojas") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists only on SQLite")
def test_sqlite_index_is_recreated_when_a_migration_drops_its_triggers(client_logged, people):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER patients_patient_search_au")
    assert ensure_sqlite_search_index(connection) is True
    assert ensure_sqlite_search_index(connection) is False
    PatientFactory(nombre="Tomás", apellido="Ardila")
    assert _names(client_logged, "ardila") == ["Tomás"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists only on SQLite")
def test_several_words_are_one_query_of_the_sqlite_index(people):
    from patients.models import Patient
    from patients.search import search_filter

    sql = str(Patient.objects.filter(search_filter("maría gómez peña")).query)
    assert sql.count("MATCH") == 1
    assert list(
        Patient.objects.filter(search_filter("maría gómez peña")).values_list("nombre", flat=True)
    ) == ["María José"]
