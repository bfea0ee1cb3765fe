"""Coordinators edit the protocols in the admin; a version in use stays as it is."""

import datetime

import pytest
from django.urls import reverse

from careplan.models import VersionProtocolo
from patients.choices import Programa
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


@pytest.fixture
def staff_coordinator(member):
    user = member("Coordinador")
    user.is_staff = True
    user.save()
    return user


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_coordinator_adds_a_version_that_governs_cycles_from_its_date(client, staff_coordinator):
    client.force_login(staff_coordinator)
    running = PatientFactory(cycle=months_ago(2)).ingresos.get()
    before = running.plan.count()
    data = {
        "programa": Programa.AOS,
        "vigente_desde": today().isoformat(),
        "nota": "Solo psicología",
        **_inline(
            "items",
            [
                {
                    "tipo": "psicologia",
                    "mes": "2",
                    "dia_limite": "",
                    "tolerancia_antes": "10",
                    "tolerancia_despues": "10",
                    "etiqueta": "Psicología mes 2",
                }
            ],
        ),
    }
    response = client.post(reverse("admin:careplan_versionprotocolo_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert running.plan.count() == before
    newcomer = PatientFactory(cycle=today()).ingresos.get()
    assert list(newcomer.plan.values_list("item__etiqueta", flat=True)) == ["Psicología mes 2"]


def test_a_version_cannot_take_effect_before_today(client, staff_coordinator):
    client.force_login(staff_coordinator)
    data = {
        "programa": Programa.AOS,
        "vigente_desde": (today() - datetime.timedelta(days=1)).isoformat(),
        **_inline("items", []),
    }
    response = client.post(reverse("admin:careplan_versionprotocolo_add"), data)
    assert response.status_code == 200
    assert "vigente_desde" in response.context["adminform"].form.errors


def test_a_version_in_use_is_read_only_and_can_be_copied(client, staff_coordinator):
    client.force_login(staff_coordinator)
    PatientFactory(cycle=months_ago(1))
    version = VersionProtocolo.objects.get(programa=Programa.AOS)
    url = reverse("admin:careplan_versionprotocolo_change", args=[version.pk])
    assert client.get(url).status_code == 200  # viewed, not changed
    assert (
        client.post(url, {"programa": Programa.AOS, "vigente_desde": today().isoformat()}).status_code == 403
    )
    response = client.post(
        reverse("admin:careplan_versionprotocolo_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [version.pk]},
    )
    assert response.status_code == 302
    copy = VersionProtocolo.objects.get(
        programa=Programa.AOS, vigente_desde=today() + datetime.timedelta(days=1)
    )
    assert copy.items.count() == version.items.count()
    assert client.get(reverse("admin:careplan_versionprotocolo_change", args=[copy.pk])).status_code == 200
    # A version a cycle follows is never deleted; a draft no cycle follows yet may be discarded.
    delete = "admin:careplan_versionprotocolo_delete"
    assert client.post(reverse(delete, args=[version.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(delete, args=[copy.pk]), {"post": "yes"}).status_code == 302
    assert VersionProtocolo.objects.filter(pk=version.pk).exists()
    assert not VersionProtocolo.objects.filter(pk=copy.pk).exists()


def test_a_clinician_cannot_edit_protocols(client, member):
    user = member("Psicología")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:careplan_versionprotocolo_add")).status_code == 403
