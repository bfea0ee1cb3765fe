"""The cycle's columns that exams keeps (declared for the ``summaries`` app, which composes every
app's into the database's triggers; see ``patients.cycle_summary``)."""

from patients.cycle_summary import Group, Source


def _attention() -> dict:
    from django.db.models import DateField, OuterRef, Subquery

    from exams.models import Seguimiento

    return {
        "ultima_atencion": Subquery(
            Seguimiento.objects.filter(ingreso=OuterRef("pk"), anulado=False)
            .order_by("-fecha_atencion")
            .values("fecha_atencion")[:1],
            output_field=DateField(),
        )
    }


def _monitoring() -> dict:
    from django.db.models import DecimalField, OuterRef, Subquery

    from exams.models import Monitoreo

    return {
        "uso_ultimo_monitoreo": Subquery(
            Monitoreo.objects.valid()
            .filter(ingreso=OuterRef("pk"))
            .order_by("-fecha_atencion", "-created_at", "-id")
            .values("dias_uso_horas_4")[:1],
            output_field=DecimalField(max_digits=5, decimal_places=2),
        )
    }


#: ``ultima_atencion``: date of the cycle's latest non-voided attention-log line.
ATTENTION = Group(
    name="attention",
    columns={
        "ultima_atencion": (
            "(SELECT MAX(s.fecha_atencion) FROM exams_seguimiento s "
            "WHERE s.ingreso_id = i.id AND s.anulado = FALSE)"
        )
    },
    sources=(Source("exams_seguimiento", "id", "ingreso_id", ("ingreso_id", "fecha_atencion", "anulado")),),
    expressions=_attention,
)

#: ``uso_ultimo_monitoreo``: % of nights with the rule's hours of its latest valid monitoring.
MONITORING = Group(
    name="monitoring",
    columns={
        # The same order as the partial index ``monitoreo_latest_valid_idx`` (and its condition).
        "uso_ultimo_monitoreo": (
            "(SELECT m.dias_uso_horas_4 FROM exams_monitoreo m WHERE m.ingreso_id = i.id "
            "AND NOT m.anulado ORDER BY m.fecha_atencion DESC, m.created_at DESC, m.id DESC LIMIT 1)"
        )
    },
    sources=(
        Source(
            "exams_monitoreo",
            "id",
            "ingreso_id",
            ("ingreso_id", "fecha_atencion", "created_at", "anulado", "dias_uso_horas_4"),
        ),
    ),
    expressions=_monitoring,
)

GROUPS = (ATTENTION, MONITORING)
