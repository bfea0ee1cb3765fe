"""Every catalogued page has the structure keyboard and screen-reader users rely on: a skip
link first, one main landmark it points to, a page title, Spanish (Colombia) as language,
table headers with scope, tables in a scrolling box (except a chart's table, hidden on
screen), and a name for every control.

The browser test (test_every_page_on_every_screen.py) checks the same pages with axe-core;
this one runs without a browser and says precisely which element is wrong.
"""

import pytest
from django.test import Client

from datamed.tests.catalog import all_requests
from datamed.tests.html_outline import outline

pytestmark = pytest.mark.django_db

CONTROLS = {"input", "select", "textarea"}
NOT_LABELLED = {"hidden", "submit", "button"}


def _pages(world, django_user_model, member):
    """(description, html) of every GET page a superuser sees, the login page, a 403 and a 404."""
    yield "login", Client().get("/users/login/").content.decode()
    root = Client()
    root.force_login(django_user_model.objects.create_superuser("root", password="clave-segura-123"))
    for name, method, url, _, _ in all_requests(world):
        response = root.get(url)
        if url.startswith("/api/"):  # JSON, and the docs page drf-spectacular draws (Swagger UI)
            continue
        if method == "get" and response.status_code == 200 and "text/html" in response["Content-Type"]:
            yield f"{name} {url}", response.content.decode()
    reader = Client()
    reader.force_login(member("Consulta"))
    yield "403", reader.get("/patients/create/").content.decode()
    yield "404", reader.get("/no-existe/").content.decode()


@pytest.fixture
def pages(world, django_user_model, member):
    return [(where, outline(html)) for where, html in _pages(world, django_user_model, member)]


def test_the_skip_link_comes_first_and_leads_to_the_main_landmark(pages):
    for where, elements in pages:
        first_link = next(e for e in elements if e.tag == "a")
        assert first_link.attrs["href"] == "#contenido", where
        mains = [e for e in elements if e.tag == "main"]
        assert [m.attrs.get("id") for m in mains] == ["contenido"], where


def test_every_page_has_its_own_title_and_declares_spanish(pages):
    for where, elements in pages:
        assert next(e for e in elements if e.tag == "html").attrs["lang"] == "es-CO", where
        title = next(e for e in elements if e.tag == "title").text.strip()
        assert title.endswith("· DataMed") and title != "DataMed · DataMed", where
        assert any(e.tag == "h1" for e in elements), where


def test_table_headers_have_scope_and_tables_scroll_in_their_own_box(pages):
    tables = 0
    for where, elements in pages:
        for element in elements:
            if element.tag == "th":
                assert element.attrs.get("scope") in ("col", "row"), f"{where}: <th>{element.text}</th>"
            if element.tag == "table":
                tables += 1
                hidden_on_screen = element.classes & {"chart-table", "visually-hidden"}
                assert element.inside("table-responsive") or hidden_on_screen, where
    assert tables > 10


def test_every_control_has_a_name(pages):
    for where, elements in pages:
        labelled = {e.attrs.get("for") for e in elements if e.tag == "label"}
        for element in elements:
            named = element.attrs.keys() & {"aria-label", "aria-labelledby"}
            if element.tag in CONTROLS and element.attrs.get("type") not in NOT_LABELLED:
                assert named or element.attrs.get("id") in labelled, f"{where}: {element.attrs}"
            if element.tag == "button":
                assert named or element.text.strip(), f"{where}: {element.attrs}"


def test_charts_have_a_text_alternative(pages):
    canvases = [(where, e) for where, elements in pages for e in elements if e.tag == "canvas"]
    assert canvases
    for where, canvas in canvases:
        assert canvas.attrs.get("role") == "img", where
        assert canvas.attrs.keys() & {"aria-label", "aria-labelledby"}, where
        assert canvas.attrs.get("aria-describedby"), where
