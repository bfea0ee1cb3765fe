"""The cycle's columns that therapy keeps (declared for the ``summaries`` app, which composes
every app's into the database's triggers; see ``patients.cycle_summary``)."""

from patients.cycle_summary import DEFAULT_THRESHOLD, Group, Source


def _threshold(eps: str) -> str:
    """The share of nights asked by the rule of the EPS ``eps`` (an SQL expression), or the
    default of ``DATAMED_ADHERENCE_THRESHOLD_PCT`` when the EPS has none."""
    return (
        "COALESCE((SELECT r.porcentaje_noches FROM therapy_reglaadherencia r "
        f"WHERE r.entidad_salud = {eps}), {DEFAULT_THRESHOLD})"
    )


def _device() -> dict:
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from patients.choices import Veredicto
    from therapy.models import ResumenAdherencia

    device = ResumenAdherencia.objects.filter(ingreso=OuterRef("pk"))
    return {
        "veredicto_equipo": Coalesce(Subquery(device.values("veredicto")[:1]), Value(Veredicto.SIN_DATOS)),
        "ultima_noche_equipo": Subquery(device.values("ultima_noche")[:1]),
    }


def _rule() -> dict:
    from django.db.models import DecimalField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from patients.models import Patient, default_adherence_threshold
    from therapy.models import ReglaAdherencia

    share = DecimalField(max_digits=5, decimal_places=2)
    rule = ReglaAdherencia.objects.filter(entidad_salud=OuterRef("entidad_salud")).values("porcentaje_noches")
    threshold = (
        Patient.objects.filter(pk=OuterRef("paciente_id"))
        .annotate(
            umbral=Coalesce(Subquery(rule[:1]), Value(default_adherence_threshold()), output_field=share)
        )
        .values("umbral")
    )
    return {"umbral_adherencia": Subquery(threshold[:1], output_field=share)}


#: ``veredicto_equipo``, ``ultima_noche_equipo``: the cycle's device adherence summary's verdict
#: and last night (``SIN_DATOS`` and none without one): the dashboard's device panel counts and
#: pages the active cycles by verdict along one index, without joining the summaries.
DEVICE = Group(
    name="device",
    columns={
        "veredicto_equipo": (
            "COALESCE((SELECT d.veredicto FROM therapy_resumenadherencia d WHERE d.ingreso_id = i.id), "
            "'SIN_DATOS')"
        ),
        "ultima_noche_equipo": (
            "(SELECT d.ultima_noche FROM therapy_resumenadherencia d WHERE d.ingreso_id = i.id)"
        ),
    },
    sources=(
        Source("therapy_resumenadherencia", "id", "ingreso_id", ("ingreso_id", "veredicto", "ultima_noche")),
    ),
    expressions=_device,
)

#: ``umbral_adherencia``: the share of nights the rule of the patient's EPS asks (one definition
#: of adherence: ``Monitoreo.adherente`` and the dashboard compare with it). It follows the
#: patient's EPS, so it is recomputed with the patient's copies too.
RULE = Group(
    name="rule",
    columns={"umbral_adherencia": _threshold("i.entidad_salud")},
    with_patient={"umbral_adherencia": _threshold("COALESCE(p.entidad_salud, i.entidad_salud)")},
    sources=(
        Source(
            "therapy_reglaadherencia",
            "entidad_salud",
            "entidad_salud",
            ("entidad_salud", "porcentaje_noches"),
        ),
    ),
    expressions=_rule,
    on_new_cycle=False,
)

GROUPS = (DEVICE, RULE)
