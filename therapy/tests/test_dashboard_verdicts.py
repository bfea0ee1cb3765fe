"""The dashboard counts active cycles by verdict and lists who to call, in SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.tests.factories import PatientFactory
from therapy import services
from therapy.synthetic import Night, str_edf

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:index")


def _with_nights(cycle_started, days_ago, minutes, count, **patient):
    ingreso = cycle_started(days_ago, **patient)
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, [Night(minutes)] * count))
    return ingreso


def test_counts_by_verdict_and_the_follow_up_list(client_logged, cycle_started):
    _with_nights(cycle_started, 200, 300, 200, apellido="Cumplida")  # cumple
    _with_nights(cycle_started, 200, 60, 200, apellido="Incumplida")  # no cumple
    _with_nights(cycle_started, 200, 300, 100, apellido="Silenciosa")  # cumple, but silent for 100 nights
    cycle_started(100, apellido="SinEquipo")  # never sent data
    cycle_started(3, apellido="Reciente")  # too young to be chased
    response = client_logged.get(URL)
    counts = {row["value"]: row["total"] for row in response.context["verdicts"]}
    assert counts == {"CUMPLE": 2, "EN_RIESGO": 0, "NO_CUMPLE": 1, "SIN_DATOS": 2}
    listed = [cycle.paciente.apellido for cycle in response.context["device_page"]]
    assert listed == ["Incumplida", "Silenciosa", "SinEquipo"]
    body = response.content.decode()
    assert "3001234567" in body and 'id="device-follow-up"' in body


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_cycles(client_logged, cycle_started):
    _with_nights(cycle_started, 200, 60, 40)
    small = _count(client_logged)
    for _ in range(12):
        _with_nights(cycle_started, 200, 60, 40)
        PatientFactory()
    assert _count(client_logged) == small


def test_follow_up_pages_run_through_the_three_groups_in_order(client_logged, cycle_started, settings):
    """Pages of two: each group's rows in its order, pages spanning two groups included,
    each page fetched in the same number of queries."""
    settings.DATAMED_PAGE_SIZE = 2
    _with_nights(cycle_started, 200, 60, 200, apellido="Incumplida A")  # last night 200 days after start
    _with_nights(cycle_started, 200, 60, 150, apellido="Incumplida B")  # …150: earlier, comes first
    _with_nights(cycle_started, 200, 300, 100, apellido="Silenciosa A")
    _with_nights(cycle_started, 200, 300, 150, apellido="Silenciosa B")
    cycle_started(120, apellido="SinEquipo A")
    cycle_started(300, apellido="SinEquipo B")  # started earlier, comes first
    cycle_started(3, apellido="Reciente")  # too young to be chased
    listed, queries = [], set()
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client_logged.get(URL, {"equipo": page})
        queries.add(len(captured))
        listed.append([cycle.paciente.apellido for cycle in response.context["device_page"]])
    assert listed == [
        ["Incumplida B", "Incumplida A"],
        ["Silenciosa A", "Silenciosa B"],
        ["SinEquipo B", "SinEquipo A"],
    ]
    assert response.context["device_page"].paginator.count == 6
    assert len(queries) == 1


def test_a_page_spanning_groups_keeps_their_order(cycle_started):
    from therapy.selectors import device_panel

    _with_nights(cycle_started, 200, 60, 200, apellido="Incumplida")
    _with_nights(cycle_started, 200, 300, 100, apellido="Silenciosa")
    cycle_started(120, apellido="SinEquipo")
    follow_up = device_panel().follow_up
    assert [cycle.paciente.apellido for cycle in follow_up[1:3]] == ["Silenciosa", "SinEquipo"]
    assert [cycle.paciente.apellido for cycle in follow_up[0:3]] == ["Incumplida", "Silenciosa", "SinEquipo"]
    assert follow_up[3:5] == []
