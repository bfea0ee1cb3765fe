"""Who may see and issue the report (Coordinador and Administrador; the others get 403), and
the same number of SQL queries whatever the size of the program."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.dataset import Generator
from reports import selectors, services
from reports.forms import default_month
from reports.models import EmisionInforme
from reports.months import Month
from users.permissions import GROUP_NAMES

pytestmark = pytest.mark.django_db
ALLOWED = {"Coordinador", "Administrador"}
QUERY = {"eps": "SANITAS", "mes": "2025-03"}


@pytest.fixture
def issued(coordinator):
    return services.issue_report("SANITAS", Month(2025, 3), coordinator)


def _gets(issued):
    return [
        (reverse("reports:index"), QUERY),
        (reverse("reports:draft_export", args=["xlsx"]), QUERY),
        (reverse("reports:draft_export", args=["pdf"]), QUERY),
        (reverse("reports:issued", args=[issued.pk]), None),
        (reverse("reports:issued_file", args=[issued.pk, "pdf"]), None),
        (reverse("reports:issued_file", args=[issued.pk, "xlsx"]), None),
    ]


@pytest.mark.parametrize("group", GROUP_NAMES)
def test_only_coordinators_and_administrators_see_and_issue(client, member, issued, group):
    client.force_login(member(group))
    expected = 200 if group in ALLOWED else 403
    for url, data in _gets(issued):
        assert client.get(url, data).status_code == expected, (group, url)
    menu = client.get(reverse("dashboard:index")).content.decode()
    assert ('href="/reports/"' in menu) == (group in ALLOWED)
    EmisionInforme.objects.filter(pk=issued.pk).update(cifras={**issued.cifras, "ingresos": 99})
    response = client.post(reverse("reports:issue"), QUERY)
    assert response.status_code == (302 if group in ALLOWED else 403)
    assert EmisionInforme.objects.count() == (2 if group in ALLOWED else 1)


def test_anonymous_is_sent_to_sign_in(client, issued):
    for url, data in _gets(issued):
        response = client.get(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("users:login"))
    assert client.post(reverse("reports:issue"), QUERY).status_code == 302
    assert EmisionInforme.objects.count() == 1


def test_issuing_takes_a_post(client_logged):
    assert client_logged.get(reverse("reports:issue"), QUERY).status_code == 405


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_figures_and_page_make_the_same_queries_at_two_sizes(client_logged):
    month = default_month()
    query = {"eps": "SANITAS", "mes": str(month)}
    page = reverse("reports:index")

    def figures():
        selectors.program_figures("SANITAS", month)

    Generator(30).run()
    small = (_queries(figures), _queries(lambda: client_logged.get(page, query)))
    Generator(150, seed=8).run()
    large = (_queries(figures), _queries(lambda: client_logged.get(page, query)))
    assert small == large
    assert small[0] == selectors.QUERIES
