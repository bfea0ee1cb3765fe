"""Each EPS has its rule, granted to coordinators for editing in the admin; a change re-judges."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from patients.choices import Veredicto
from therapy import services
from therapy.models import ReglaAdherencia, ResumenAdherencia
from therapy.synthetic import Night, str_edf

pytestmark = pytest.mark.django_db


def test_every_eps_starts_with_the_default_rule():
    rule = ReglaAdherencia.objects.get(entidad_salud="ECOPETROL")
    assert (rule.horas_noche, rule.porcentaje_noches, rule.ventana_noches, rule.dias_iniciales) == (
        Decimal("4"),
        Decimal("70"),
        30,
        90,
    )
    assert rule.noches_requeridas == 21


@pytest.mark.parametrize("group", ["Coordinador", "Administrador"])
def test_coordinators_may_edit_the_rules(group):
    codenames = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    assert {"change_reglaadherencia", "view_reglaadherencia"} <= codenames


def test_clinicians_may_not():
    codenames = set(
        Group.objects.get(name="Terapia respiratoria").permissions.values_list("codename", flat=True)
    )
    assert "change_reglaadherencia" not in codenames


def test_a_rule_changed_in_the_admin_re_judges_the_eps_cycles(client, member, cycle_started):
    ingreso = cycle_started(200)  # ECOPETROL
    services.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, [Night(200)] * 150))
    assert ResumenAdherencia.objects.get(ingreso=ingreso).veredicto == Veredicto.NO_CUMPLE
    coordinator = member("Coordinador")
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    rule = ReglaAdherencia.objects.get(entidad_salud="ECOPETROL")
    url = reverse("admin:therapy_reglaadherencia_change", args=[rule.pk])
    response = client.post(
        url,
        {
            "entidad_salud": "ECOPETROL",
            "horas_noche": "3",
            "porcentaje_noches": "70",
            "ventana_noches": "30",
            "dias_iniciales": "90",
        },
    )
    assert response.status_code == 302
    assert ResumenAdherencia.objects.get(ingreso=ingreso).veredicto == Veredicto.CUMPLE
