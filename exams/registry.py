"""The record-type registry: one entry per clinical record type.

It drives the register/edit/void views, the clinical history page, the tracking checklist
and permissions. A new record type takes one model, one form and one entry here.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.text import capfirst

from exams import forms, models
from users import permissions

TERAPIA_RESPIRATORIA = "Terapia respiratoria"
NEUMOLOGIA = "Neumología"
PSICOLOGIA = "Psicología"
NUTRICION = "Nutrición"


@dataclass(frozen=True)
class RecordType:
    slug: str
    model: type[models.ClinicalRecord]
    form: type[forms.ClinicalRecordForm]
    icon: str
    discipline: str
    #: (field or property, column title or None for the field's verbose name)
    columns: tuple[tuple[str, str | None], ...]
    #: slug of the page whose second tab registers this type (None: its own page)
    tab_of: str | None = None
    #: dotted path of ``f(ingreso, query) -> dict | None``: initial values for the register form
    #: from the query string (a monitoring pre-filled from a window of device nights)
    prefill: str | None = None

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    @property
    def label_plural(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def register_slug(self) -> str:
        return self.tab_of or self.slug

    def permission(self, action: str) -> str:
        """Django permission codename, e.g. ``exams.add_monitoreo``."""
        return permissions.codename(self.model, action)

    def initial(self, ingreso, query) -> dict | None:
        return import_string(self.prefill)(ingreso, query) if self.prefill else None

    def column_titles(self) -> list[str]:
        return [
            title or capfirst(str(self.model._meta.get_field(name).verbose_name))
            for name, title in self.columns
        ]


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        "monitoreo",
        models.Monitoreo,
        forms.MonitoreoForm,
        "bi-activity",
        TERAPIA_RESPIRATORIA,
        (
            ("fecha_atencion", None),
            ("dias_uso_horas_4", None),
            ("horas_uso_diario", None),
            ("adherente", "Adherente"),
            ("hipopnea_basal", None),
            ("hipopnea_residual", None),
            ("porcentaje_correccion", None),
            ("modo_ventilatorio", None),
            ("presion_ipap", "IPAP"),
            ("presion_epap", "EPAP"),
            ("origen", "Origen"),
        ),
        prefill="therapy.selectors.monitoring_initial",
    ),
    RecordType(
        "seguimiento",
        models.SeguimientoAdaptacion,
        forms.SeguimientoAdaptacionForm,
        "bi-telephone",
        TERAPIA_RESPIRATORIA,
        (("fecha_atencion", None), ("observaciones", None)),
        tab_of="monitoreo",
    ),
    RecordType(
        "basal",
        models.PolisomnografiaBasal,
        forms.PolisomnografiaBasalForm,
        "bi-moon-stars",
        NEUMOLOGIA,
        (
            ("fecha_basal", None),
            ("iah", None),
            ("severidad_apnea", None),
            ("ido", None),
            ("eficiencia", None),
        ),
    ),
    RecordType(
        "titulacion",
        models.PolisomnografiaTitulacion,
        forms.PolisomnografiaTitulacionForm,
        "bi-sliders",
        NEUMOLOGIA,
        (
            ("fecha_titulacion", None),
            ("tipo_titulacion", None),
            ("presion_ipap", "IPAP"),
            ("presion_epap", "EPAP"),
            ("frecuencia_respiratoria", None),
            ("tipo_mascara", None),
            ("talla_mascara", None),
        ),
    ),
    RecordType(
        "neumologia",
        models.Neumologia,
        forms.NeumologiaForm,
        "bi-lungs",
        NEUMOLOGIA,
        (("fecha_consulta", None), ("medico_tratante", None), ("especialidad", None)),
    ),
    RecordType(
        "psicologia",
        models.Psicologia,
        forms.PsicologiaForm,
        "bi-chat-heart",
        PSICOLOGIA,
        (
            ("fecha_atencion", None),
            ("inventario_depre_beck", "BDI-II"),
            ("banda_depresion", "Depresión"),
            ("inventario_ansiedad_beck", "BAI"),
            ("banda_ansiedad", "Ansiedad"),
            ("calidad", None),
            ("cantidad", None),
            ("total", None),
            ("escala_atenas", "Atenas (anterior)"),
        ),
    ),
    RecordType(
        "nutricion",
        models.Nutricion,
        forms.NutricionForm,
        "bi-egg-fried",
        NUTRICION,
        (
            ("fecha_atencion", None),
            ("estado_nutricional", None),
            ("carbohidratos_pct", None),
            ("rumiacion", None),
            ("cafeina", None),
        ),
    ),
    RecordType(
        "equipo_medico",
        models.EquipoMedico,
        forms.EquipoMedicoForm,
        "bi-cpu",
        TERAPIA_RESPIRATORIA,
        (
            ("fecha_atencion", None),
            ("marca_equipo", None),
            ("serial_equipo", None),
            ("modo_ventilatorio", None),
            ("tipo_mascara_eq_medico", None),
            ("talla_mascara", None),
            ("referencia_mascara", None),
        ),
    ),
)

REGISTRY: dict[str, RecordType] = {record_type.slug: record_type for record_type in RECORD_TYPES}
_BY_MODEL: dict[type, RecordType] = {record_type.model: record_type for record_type in RECORD_TYPES}


def record_type_of(record: models.ClinicalRecord) -> RecordType:
    """The registry entry of a record (or of its model)."""
    return _BY_MODEL[record if isinstance(record, type) else type(record)]


def get_record_type(slug: str) -> RecordType:
    try:
        return REGISTRY[slug]
    except KeyError as error:
        raise Http404("Tipo de registro desconocido.") from error
