"""The eight legacy record tables: their columns → this project's record fields.

Derived values follow this project's rules (the same functions the models use): severity
from the IAH, correction % from the copied basal and the residual IAH, psychology total. When
the legacy row stored a different value, the derived one is kept and the difference reported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from exams import clinical, models
from exams.models import ClinicalRecord
from legacy import vocab
from legacy.convert import RowConverter, is_placeholder


@dataclass(frozen=True)
class RecordTable:
    table: str
    model: type[ClinicalRecord]
    label: str
    #: legacy column holding the care date; ``None``: derived from the attention log
    date_column: str | None
    fields: Callable[[RowConverter], dict]

    @property
    def service(self) -> str | None:
        """The attention-log service type the record writes, if it writes one."""
        return self.model.__name__ if self.model.writes_attention_log else None


def _report_if_different(convert: RowConverter, field: str, legacy, derived) -> None:
    if legacy is None or legacy == "":
        return
    legacy_value = Decimal(str(legacy)) if isinstance(derived, Decimal) else legacy
    if legacy_value != derived:
        shown = "vacío" if derived is None else derived
        convert.note(
            field,
            f"{convert._label(field)} registrado «{legacy}» no coincide con el calculado por las "
            f"reglas ({shown}); se guarda el calculado",
        )


def _mode(convert: RowConverter, mode_field: str, mode_column: str) -> str | None:
    """The ventilation mode; the automatic modes the original offered until its exams 0020
    (AUTOCPAP, AUTOBPAP) are the same therapy: kept as CPAP/BPAP, and said."""
    raw = convert.row.get(mode_column)
    automatic = vocab.AUTOMATIC_MODE(raw)
    if automatic is None:
        return convert.choice(vocab.MODO_VENTILATORIO, mode_column, mode_field)
    convert.note(
        mode_field, f"modo «{raw}» (opción retirada del DataMed anterior): se guarda como {automatic}"
    )
    return automatic


def _pressures(convert: RowConverter, mode_field: str, mode_column: str) -> dict:
    values = {
        mode_field: _mode(convert, mode_field, mode_column),
        "presion_ipap": convert.decimal("presion_ipap"),
        "presion_epap": convert.decimal("presion_epap"),
        "frecuencia_respiratoria": convert.integer("frecuencia_respiratoria"),
    }
    ipap, epap = values["presion_ipap"], values["presion_epap"]
    if epap is not None and ipap is not None and epap >= ipap:
        convert.note("presion_epap", f"presión EPAP {epap} no es menor que la IPAP {ipap}: queda vacía")
        values["presion_epap"] = None
    return values


def monitoreo(convert: RowConverter) -> dict:
    values = {
        "uso_diario": convert.decimal("uso_diario"),
        "dias_uso_horas_4": convert.decimal("dias_uso_horas_4"),
        "horas_uso_diario": convert.decimal("horas_uso_diario"),
        # The old system wrote 0 when the cycle had no basal study: here, as now, it is empty.
        "hipopnea_basal": convert.decimal("hipopnea_basal") or None,
        "hipopnea_residual": convert.decimal("hipopnea_residual"),
        "mascara_cpap": convert.choice(vocab.TIPO_MASCARA, "mascara_cpap"),
        "tamano_mascara": convert.choice(vocab.TALLA_MASCARA, "tamano_mascara"),
        "etco2_promedio": convert.decimal("etco2_promedio"),
        **_pressures(convert, "modo_ventilatorio", "modo_ventilatorio"),
    }
    # The basal IAH was copied when the record was made: it is kept as the old system copied it.
    values["porcentaje_correccion"] = clinical.correction_percentage(
        values["hipopnea_basal"], values["hipopnea_residual"]
    )
    _report_if_different(
        convert,
        "porcentaje_correccion",
        convert.row.get("porcentaje_correccion"),
        values["porcentaje_correccion"],
    )
    return values


def psicologia(convert: RowConverter) -> dict:
    values = {
        "inventario_depre_beck": convert.integer("inventario_depre_beck"),
        "inventario_ansiedad_beck": convert.integer("inventario_ansiedad_beck"),
        "calidad": convert.integer("calidad"),
        "cantidad": convert.integer("cantidad"),
    }
    values["total"] = values["calidad"] + values["cantidad"]
    _report_if_different(convert, "total", convert.row.get("total"), values["total"])
    # Until the original's exams 0032 psychology recorded the Athens insomnia scale instead.
    values["escala_atenas"] = convert.integer("escala_atenas")
    return values


def nutricion(convert: RowConverter) -> dict:
    return {
        "estado_nutricional": convert.choice(vocab.ESTADO_NUTRICIONAL, "estado_nutricional"),
        "carbohidratos_pct": convert.decimal("carbohidratos_pct"),
        "rumiacion": convert.choice(vocab.SI_NO, "rumiacion"),
        "cafeina": convert.decimal("cafeina"),
    }


def neumologia(convert: RowConverter) -> dict:
    return {
        "medico_tratante": convert.text("medico_tratante"),
        "especialidad": convert.text("especialidad"),
    }


def basal(convert: RowConverter) -> dict:
    values = {
        "iah": convert.decimal("iah"),
        "ido": convert.decimal("ido"),
        "eficiencia": convert.decimal("eficiencia"),
    }
    values["severidad_apnea"] = clinical.apnea_severity(values["iah"])
    legacy = convert.row.get("severidad_apnea")
    mapped = vocab.SEVERIDAD(legacy)
    if mapped != values["severidad_apnea"]:
        convert.note(
            "severidad_apnea",
            f"severidad registrada «{legacy}» no coincide con la del IAH {values['iah']} "
            f"({values['severidad_apnea']}); se guarda la derivada del IAH",
        )
    return values


def titulacion(convert: RowConverter) -> dict:
    return {
        "talla_mascara": convert.choice(vocab.TALLA_MASCARA, "talla_mascara"),
        "tipo_mascara": convert.choice(vocab.TIPO_MASCARA, "tipo_mascara"),
        **_pressures(convert, "tipo_titulacion", "tipo_titulacion"),
    }


def equipo_medico(convert: RowConverter) -> dict:
    referencia = convert.row.get("referencia_mascara")
    values = {
        "tipo_mascara_eq_medico": convert.choice(vocab.TIPO_MASCARA, "tipo_mascara_eq_medico"),
        "talla_mascara": convert.choice(vocab.TALLA_MASCARA, "talla_mascara"),
        "marca_equipo": convert.choice(vocab.MARCA_EQUIPO, "marca_equipo"),
        "serial_equipo": convert.text("serial_equipo"),
        "modo_ventilatorio": _mode(convert, "modo_ventilatorio", "modo_ventilatorio"),
        "referencia_mascara": convert.text("referencia_mascara"),
    }
    if is_placeholder(referencia):
        convert.note(
            "referencia_mascara", f"referencia de la máscara «{referencia}» (marcador sin valor): queda vacía"
        )
        values["referencia_mascara"] = ""
    return values


def seguimiento_adaptacion(convert: RowConverter) -> dict:
    return {"observaciones": convert.text("observaciones")}


RECORD_TABLES: tuple[RecordTable, ...] = (
    RecordTable(
        "exams_polisomnografiabasal",
        models.PolisomnografiaBasal,
        "polisomnografías basales",
        "fecha_basal",
        basal,
    ),
    RecordTable(
        "exams_polisomnografiatitulacion",
        models.PolisomnografiaTitulacion,
        "polisomnografías de titulación",
        "fecha_titulacion",
        titulacion,
    ),
    RecordTable("exams_equipomedico", models.EquipoMedico, "equipos médicos", None, equipo_medico),
    RecordTable(
        "exams_neumologia", models.Neumologia, "consultas de neumología", "fecha_consulta", neumologia
    ),
    RecordTable("exams_monitoreo", models.Monitoreo, "monitoreos", None, monitoreo),
    RecordTable("exams_psicologia", models.Psicologia, "valoraciones de psicología", None, psicologia),
    RecordTable("exams_nutricion", models.Nutricion, "valoraciones de nutrición", None, nutricion),
    RecordTable(
        "exams_seguimientoadaptacion",
        models.SeguimientoAdaptacion,
        "notas de seguimiento",
        None,
        seguimiento_adaptacion,
    ),
)
