"""Every download link on the dashboard has a name of its own (WCAG 2.4.4, 2.4.9): a screen
reader's list of links says «Excel de monitoreos», not four times «Excel»."""

from collections import Counter

import lxml.html
from django.urls import reverse


def _link_names(body: str) -> list[str]:
    tree = lxml.html.fromstring(body)
    return [" ".join(link.text_content().split()) for link in tree.xpath("//a[@download]")]


def test_every_export_link_on_the_dashboard_has_a_distinct_name(client_logged):
    names = _link_names(client_logged.get(reverse("dashboard:index")).content.decode())
    assert len([name for name in names if name.startswith("Excel")]) >= 4
    assert [name for name, seen in Counter(names).items() if seen > 1] == []
    assert "Excel de pacientes sin atención" in names
    assert "CSV de monitoreos de adherencia" in names
    # The visible label starts the name (WCAG 2.5.3, label in name).
    assert all(name.startswith(("Excel de ", "CSV de ")) for name in names)
