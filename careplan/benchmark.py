"""The care plan's part of ``manage.py benchmark``: its pages, and the plans of a generated
data set (the generator writes rows with SQL, around the hooks that keep the plans).

The benchmark app turns each ``PAGES`` entry into one of its measured pages: (name, function
from the data set's targets to the URL, whether the page lists rows, whether it is a download).
"""

from django.urls import reverse

from careplan import defaults
from careplan.models import ItemProtocolo, VersionProtocolo
from careplan.services import refresh_plans


def fill() -> int:
    """Give every generated cycle its plan (``refresh_plans`` over the whole table), with the
    default protocols if the database has none (a test database flushed between tests)."""
    defaults.load(VersionProtocolo, ItemProtocolo)
    return refresh_plans()


def _worklist(query: str = ""):
    return lambda targets: reverse("careplan:worklist") + query


PAGES = (
    ("pendientes (coordinación, todas las disciplinas)", _worklist(), True, False),
    ("pendientes de psicología", _worklist("?disciplina=psicologia"), True, False),
    ("pendientes, filtro EPS y programa", _worklist("?eps=SANITAS&programa=PROGRAMA+AOS"), True, False),
    ("pendientes próximos 30 días", _worklist("?ver=proximos"), True, False),
    ("pendientes, página 50", _worklist("?page=50"), True, False),
    ("API pendientes", lambda targets: reverse("api:worklist"), True, False),
    (
        "exportar pendientes (CSV)",
        lambda targets: reverse("careplan:worklist_export", args=["csv"]),
        True,
        True,
    ),
)
