"""The report's figures as labelled rows: one list drives the page, the .xlsx, the PDF, the
API's field names and the differences between two issued versions."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from patients.choices import MotivoCierre
from reports.selectors import NO_REASON

NOT_AVAILABLE = "no disponible"
REASON_LABELS = {**dict(MotivoCierre.choices), NO_REASON: "Sin motivo registrado"}
SERVICE_LABELS = {
    "Monitoreo": "Monitoreo de adherencia PAP",
    "Psicologia": "Psicología",
    "Nutricion": "Nutrición",
    "Neumologia": "Neumología",
    "SeguimientoAdaptacion": "Seguimiento de adaptación",
}


@dataclass(frozen=True)
class Row:
    section: str
    key: str  # the figure's path in the JSON, e.g. "egresos.por_motivo.FALLECIMIENTO"
    label: str
    value: object
    kind: str = "count"  # count | money | percent | days | text
    indent: bool = False

    @property
    def display(self) -> str:
        return display(self.value, self.kind)


def display(value, kind: str) -> str:
    """Spanish (es-CO) text of a figure: 1.234 · $ 1.234.567 · 85,5 % · 12,5 días."""
    if value is None:
        return NOT_AVAILABLE if kind == "text" else "—"
    if kind == "money":
        return "$ " + number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)
    if kind == "percent":
        return number_format(value, decimal_pos=1, use_l10n=True) + " %"
    if kind == "days":
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True) + " días"
    if kind == "count":
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def rows(figures: dict) -> list[Row]:
    """Every figure of ``figures`` (``selectors.program_figures``) in the report's order."""
    closures = figures["egresos"]["por_motivo"]
    capita = figures["capita"]
    attentions = figures["atenciones"]
    monitoring = figures["monitoreo"]
    delay = figures["basal_a_cpap"]
    patients = "Pacientes"
    result = [
        Row(
            patients,
            "pacientes_activos_inicio",
            "Pacientes activos el primer día del mes",
            figures["pacientes_activos_inicio"],
        ),
        Row(
            patients,
            "pacientes_activos_fin",
            "Pacientes activos el último día del mes",
            figures["pacientes_activos_fin"],
        ),
        Row(
            patients,
            "suspendidos_fin",
            "Ciclos suspendidos el último día del mes",
            figures["suspendidos_fin"],
        ),
        Row(patients, "ingresos", "Ingresos (ciclos iniciados en el mes)", figures["ingresos"]),
        Row(patients, "egresos.total", "Egresos (ciclos cerrados en el mes)", figures["egresos"]["total"]),
    ]
    result += [
        Row(patients, f"egresos.por_motivo.{reason}", REASON_LABELS.get(reason, reason), total, indent=True)
        for reason, total in closures.items()
        if total or reason != NO_REASON
    ]
    section = "Cápita"
    result += [
        Row(
            section,
            "capita.ciclos",
            "Ciclos facturados (activos algún día del mes, meses 1 a 18)",
            capita["ciclos"],
        ),
        Row(section, "capita.valor", "Valor cápita facturado (COP)", capita["valor"], "money"),
        Row(
            section,
            "capita.vencidos_sin_facturar",
            "Ciclos abiertos después del mes 18 (no facturados)",
            capita["vencidos_sin_facturar"],
        ),
    ]
    section = "Atenciones"
    result.append(
        Row(section, "atenciones.total", "Atenciones del mes (bitácora, sin anuladas)", attentions["total"])
    )
    result += [
        Row(section, f"atenciones.por_disciplina.{name}", f"Disciplina: {name}", total, indent=True)
        for name, total in attentions["por_disciplina"].items()
    ]
    result += [
        Row(
            section,
            f"atenciones.por_tipo.{tipo}",
            f"Servicio: {SERVICE_LABELS.get(tipo, tipo)}",
            total,
            indent=True,
        )
        for tipo, total in attentions["por_tipo"].items()
    ]
    section = "Adherencia a la terapia PAP"
    result += [
        Row(
            section,
            "monitoreo.ciclos_monitoreados",
            "Ciclos monitoreados en el mes",
            monitoring["ciclos_monitoreados"],
        ),
        Row(section, "monitoreo.adherentes", "Ciclos adherentes", monitoring["adherentes"]),
        Row(
            section,
            "monitoreo.porcentaje_adherentes",
            "% adherentes",
            monitoring["porcentaje_adherentes"],
            "percent",
        ),
        Row(
            section,
            "monitoreo.juzgados_por_equipo",
            "Juzgados con el veredicto del equipo",
            monitoring["juzgados_por_equipo"],
            indent=True,
        ),
    ]
    section = "Control de la apnea (IAH residual)"
    result += [
        Row(
            section,
            "monitoreo.con_iah_residual",
            "Monitoreados con IAH residual",
            monitoring["con_iah_residual"],
        ),
        Row(
            section, "monitoreo.iah_residual_menor_5", "IAH residual < 5", monitoring["iah_residual_menor_5"]
        ),
        Row(
            section,
            "monitoreo.porcentaje_iah_menor_5",
            "% con IAH residual < 5",
            monitoring["porcentaje_iah_menor_5"],
            "percent",
            True,
        ),
        Row(
            section,
            "monitoreo.iah_residual_menor_10",
            "IAH residual < 10",
            monitoring["iah_residual_menor_10"],
        ),
        Row(
            section,
            "monitoreo.porcentaje_iah_menor_10",
            "% con IAH residual < 10",
            monitoring["porcentaje_iah_menor_10"],
            "percent",
            True,
        ),
    ]
    section = "Tiempo de inicio al equipo PAP"
    result += [
        Row(
            section,
            "basal_a_cpap.entregas",
            "Equipos entregados en el mes (primera entrega del ciclo)",
            delay["entregas"],
        ),
        Row(
            section,
            "basal_a_cpap.mediana_dias",
            "Mediana de días desde el inicio del ciclo",
            delay["mediana_dias"],
            "days",
        ),
        Row(
            section,
            "basal_a_cpap.p90_dias",
            "Percentil 90 de días desde el inicio del ciclo",
            delay["p90_dias"],
            "days",
        ),
    ]
    compliance = figures["cumplimiento_protocolo"]
    section = "Cumplimiento del protocolo"
    if compliance is None:  # a report issued before the care plan existed
        result.append(
            Row(section, "cumplimiento_protocolo", "Cumplimiento del protocolo (SPEC §10)", None, "text")
        )
    else:
        result += [
            Row(
                section,
                "cumplimiento_protocolo.items_cerrados",
                "Ítems del plan cuya ventana cerró en el mes",
                compliance["items_cerrados"],
            ),
            Row(
                section,
                "cumplimiento_protocolo.cumplidos",
                "Cumplidos dentro de su ventana",
                compliance["cumplidos"],
            ),
            Row(
                section,
                "cumplimiento_protocolo.porcentaje",
                "% de cumplimiento",
                compliance["porcentaje"],
                "percent",
            ),
        ]
    return result


def sections(figures: dict) -> list[tuple[str, list[Row]]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows(figures):
        grouped.setdefault(row.section, []).append(row)
    return list(grouped.items())


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def differences(before: dict, after: dict) -> list[Change]:
    """The figures of the month that differ between two versions (the trend of the earlier
    months is context, not the month's report)."""
    old = {row.key: row for row in rows(before)}
    new = {row.key: row for row in rows(after)}
    changes = []
    for key in [*new, *(key for key in old if key not in new)]:
        was, now = old.get(key), new.get(key)
        if was is not None and now is not None and was.value == now.value:
            continue
        label = (now or was).label
        changes.append(Change(label, was.display if was else "—", now.display if now else "—"))
    return changes


def comparable(figures: dict) -> dict:
    """The month's own figures, without the trend."""
    return {key: value for key, value in figures.items() if key != "tendencia"}
