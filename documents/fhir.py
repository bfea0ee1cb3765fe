"""A patient as an HL7 FHIR R4 (4.0.1) ``Bundle`` of type ``collection`` (SPEC §12).

Resources: ``Patient`` (its document as an identifier whose system names the document type),
``Organization`` (the IPS), ``Condition`` (the program's diagnosis, ICD-10), ``EpisodeOfCare``
per cycle, ``Encounter`` per line of the attention log, ``Observation`` per measured value, and
``Device`` per PAP delivered (with its serial). Voided records and log lines are left out.

The bundle is built as plain dicts (JSON as the specification writes it), so production needs
no FHIR library; the tests parse every resource strictly with the FHIR 4.0.1 models of
``fhirclient`` to prove it valid (``documents/tests/fhir_models.py``: R4 models that need no
pydantic, so they live beside the OpenAPI client generator, which needs pydantic 2).
References are ``urn:uuid:`` full URLs that resolve inside the bundle; the uuids derive from
the rows' ids and the installation's URI base (uuid5), so exporting twice gives the same
identifiers.

Codes: LOINC and UCUM where a code exists (``LOINC`` below). Where none does, the code is
local to DataMed (``LOCAL``) and the table says so; a national implementation guide can map
them later without changing the data.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from documents.selectors import PatientRecord
from exams.choices import TipoServicio
from patients.choices import EstadoIngreso

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
MARITAL_STATUS = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def _system(path: str) -> str:
    """A DataMed-owned URI (``DATAMED_FHIR_SYSTEM_BASE``) for identifiers and local codes."""
    return f"{settings.DATAMED_FHIR_SYSTEM_BASE.rstrip('/')}/{path}"


LOCAL = "CodeSystem/datamed-observacion"

#: Document type → (v2-0203 identifier type, or None where the table has none).
#: RC: birth certificate; TI and CC: the Colombian national person identifier (NN + ISO 3166
#: alpha-3); CE: permanent resident card; PA: passport. PE and PT (Venezuelan migrants'
#: permits) have no code in the table: they carry the text only.
DOCUMENT_TYPES = {"RC": "BCT", "TI": "NNCOL", "CC": "NNCOL", "CE": "PRC", "PA": "PPN", "PE": None, "PT": None}
GENDER = {"M": "male", "F": "female", "O": "other"}
MARITAL = {"SOLTERO": "S", "CASADO": "M", "UNIÓN LIBRE": "T", "VIUDO": "W", "DIVORCIADO": "D"}
EPISODE_STATUS = {
    EstadoIngreso.ACTIVO: "active",
    EstadoIngreso.SUSPENDIDO: "onhold",
    EstadoIngreso.TERMINADO: "finished",
}
#: Attention-log kind → the record type (registry slug) whose record wrote the line.
LOG_RECORD_TYPE = {
    TipoServicio.MONITOREO: "monitoreo",
    TipoServicio.PSICOLOGIA: "psicologia",
    TipoServicio.NUTRICION: "nutricion",
    TipoServicio.NEUMOLOGIA: "neumologia",
    TipoServicio.SEGUIMIENTO_ADAPTACION: "seguimiento",
}


@dataclass(frozen=True)
class Measure:
    """How one measured field becomes an Observation.

    ``loinc``: the LOINC code, or None where LOINC has none (then ``local`` alone codes it).
    ``unit``: the UCUM code; ``unit_text`` what a person reads.
    """

    field: str
    local: str
    display: str
    unit: str
    unit_text: str
    category: str
    loinc: str | None = None
    loinc_display: str = ""


#: record-type slug → its measured values. Fields not listed (choices, text, dates, pressures
#: settings) are not measurements and stay in the PDF summary and the API.
MEASURES: dict[str, tuple[Measure, ...]] = {
    "basal": (
        # LOINC 69990-0 is the apnea-hypopnea index.
        Measure("iah", "iah-basal", "IAH basal (polisomnografía)", "/h", "eventos/h", "procedure",
                "69990-0", "Apnea hypopnea index 24 hour"),
        # No LOINC code verified for the oxygen desaturation index: local code.
        Measure("ido", "ido", "Índice de desaturación de oxígeno", "/h", "desaturaciones/h", "procedure"),
        # No LOINC code for sleep efficiency: local code.
        Measure("eficiencia", "eficiencia-sueno", "Eficiencia del sueño", "%", "%", "procedure"),
    ),
    "monitoreo": (
        # The residual AHI under PAP is an AHI (LOINC 69990-0); the local code tells it apart.
        Measure("hipopnea_residual", "iah-residual", "IAH residual con PAP", "/h", "eventos/h", "therapy",
                "69990-0", "Apnea hypopnea index 24 hour"),
        # Adherence figures: LOINC has no PAP-adherence terms: local codes.
        Measure("uso_diario", "uso-diario", "Noches con uso del PAP", "%", "% de noches", "therapy"),
        Measure("dias_uso_horas_4", "uso-4h", "Noches con las horas de uso de la regla de la EPS", "%", "% de noches", "therapy"),
        Measure("horas_uso_diario", "horas-uso", "Horas de uso del PAP por noche", "h", "h", "therapy"),
        Measure("porcentaje_correccion", "correccion-iah", "Corrección del IAH", "%", "%", "therapy"),
    ),
    "psicologia": (
        Measure("inventario_depre_beck", "bdi-ii", "Inventario de depresión de Beck (BDI-II)", "{score}",
                "puntos", "survey", "89209-1", "Beck Depression Inventory II total score [BDI]"),
        # No LOINC code for the Beck Anxiety Inventory total: local code.
        Measure("inventario_ansiedad_beck", "bai", "Inventario de ansiedad de Beck (BAI)", "{score}",
                "puntos", "survey"),
    ),
}  # fmt: skip


def _uuid(kind: str, pk) -> str:
    """Stable per installation: the namespace is the installation's URI base, so two DataMed
    installations never give the same uuid to different patients."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, settings.DATAMED_FHIR_SYSTEM_BASE)
    return str(uuid.uuid5(namespace, f"{kind}/{pk}"))


def _ref(kind: str, pk) -> dict:
    return {"reference": f"urn:uuid:{_uuid(kind, pk)}"}


def _entry(resource: dict, pk) -> dict:
    resource["id"] = _uuid(resource["resourceType"], pk)
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _number(value) -> float | int:
    """A decimal as JSON writes it: an int when whole, else a float of the stored digits."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: datetime.date) -> str:
    return value.isoformat()


def _author(user) -> list[dict]:
    if user is None:
        return []
    return [{"display": user.get_full_name() or user.get_username()}]


def patient_resource(patient) -> dict:
    tipo = patient.tipo_documento
    identifier_type = {"text": patient.get_tipo_documento_display()}
    if DOCUMENT_TYPES.get(tipo):
        identifier_type["coding"] = [{"system": IDENTIFIER_TYPE, "code": DOCUMENT_TYPES[tipo]}]
    resource = {
        "resourceType": "Patient",
        "identifier": [
            {
                "use": "official",
                "type": identifier_type,
                "system": _system(f"sid/documento/{tipo}"),
                "value": patient.documento,
            }
        ],
        "active": True,
        "name": [
            {
                "use": "official",
                "text": patient.nombre_completo,
                "family": patient.apellido,
                "given": patient.nombre.split(),
            }
        ],
        "gender": GENDER[patient.genero],
        "birthDate": _date(patient.fecha_nacimiento),
        "address": [
            {
                "use": "home",
                "city": patient.get_ciudad_display(),
                "state": patient.get_departamento_display(),
                "country": "CO",
            }
        ],
        "managingOrganization": _ref("Organization", "ips"),
    }
    telecom = [{"system": "phone", "value": patient.celular, "use": "mobile"}] if patient.celular else []
    if patient.telefono:
        telecom.append({"system": "phone", "value": patient.telefono, "use": "home"})
    if telecom:
        resource["telecom"] = telecom
    if patient.estado_civil in MARITAL:
        resource["maritalStatus"] = {
            "coding": [{"system": MARITAL_STATUS, "code": MARITAL[patient.estado_civil]}],
            "text": patient.get_estado_civil_display(),
        }
    return resource


def organization_resource() -> dict:
    return {"resourceType": "Organization", "active": True, "name": settings.DATAMED_IPS_NOMBRE}


def condition_resource(patient) -> dict:
    code, _, label = patient.get_diagnostico_clinico_display().partition(" ")
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
        "code": {
            "coding": [{"system": ICD10, "code": patient.diagnostico_clinico, "display": label}],
            "text": label,
        },
        "subject": _ref("Patient", patient.pk),
    }


def episode_resource(ingreso, patient) -> dict:
    period = {"start": _date(ingreso.fecha_inicio)}
    if ingreso.fecha_fin:
        period["end"] = _date(ingreso.fecha_fin)
    return {
        "resourceType": "EpisodeOfCare",
        "identifier": [{"system": _system("sid/ciclo"), "value": str(ingreso.pk)}],
        "status": EPISODE_STATUS[ingreso.estado],
        # No standard code for the provider's programs: the program's name.
        "type": [{"coding": [{"system": _system("CodeSystem/programa"), "code": ingreso.programa}],
                  "text": ingreso.get_programa_display()}],
        "diagnosis": [{"condition": _ref("Condition", patient.pk), "rank": 1}],
        "patient": _ref("Patient", patient.pk),
        "managingOrganization": _ref("Organization", "ips"),
        "period": period,
    }  # fmt: skip


def encounter_resource(line, patient) -> dict:
    day = _date(line.fecha_atencion)
    return {
        "resourceType": "Encounter",
        "identifier": [{"system": _system("sid/atencion"), "value": str(line.pk)}],
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        # The attention kinds of the log are DataMed's own: local codes.
        "type": [{"coding": [{"system": _system("CodeSystem/tipo-servicio"), "code": line.tipo_servicio}],
                  "text": line.get_tipo_servicio_display()}],
        "subject": _ref("Patient", patient.pk),
        "episodeOfCare": [_ref("EpisodeOfCare", line.ingreso_id)],
        "participant": [{"individual": author} for author in _author(line.registrado_por)],
        "period": {"start": day, "end": day},
        "serviceProvider": _ref("Organization", "ips"),
    }  # fmt: skip


def _coding(measure: Measure) -> dict:
    codings = []
    if measure.loinc:
        codings.append({"system": LOINC, "code": measure.loinc, "display": measure.loinc_display})
    codings.append({"system": _system(LOCAL), "code": measure.local, "display": measure.display})
    return {"coding": codings, "text": measure.display}


def _category(code: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _quantity(value, unit: str, unit_text: str) -> dict:
    return {"value": _number(value), "unit": unit_text, "system": UCUM, "code": unit}


def observation(measure: Measure, record, patient, encounter_pk=None) -> dict:
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category(measure.category),
        "code": _coding(measure),
        "subject": _ref("Patient", patient.pk),
        "effectiveDateTime": _date(record.care_date),
        "issued": timezone.localtime(record.created_at).isoformat(),
        "valueQuantity": _quantity(getattr(record, measure.field), measure.unit, measure.unit_text),
    }
    if encounter_pk is not None:
        resource["encounter"] = _ref("Encounter", encounter_pk)
    if _author(record.registrado_por):
        resource["performer"] = _author(record.registrado_por)
    return resource


#: Anthropometry from the patient's file: LOINC vital-sign codes with UCUM units.
BODY = (
    ("peso", "29463-7", "Body weight", "Peso", "kg", "kg"),
    ("altura", "8302-2", "Body height", "Talla", "m", "m"),
    ("imc", "39156-5", "Body mass index (BMI) [Ratio]", "Índice de masa corporal", "kg/m2", "kg/m²"),
)


def body_observations(patient) -> list[tuple[dict, str]]:
    """Weight, height and BMI as the patient's file holds them. The file does not date the
    measurement: the Observation carries ``issued`` (the file's creation) and no effective time."""
    found = []
    for field, loinc, loinc_display, display, unit, unit_text in BODY:
        value = getattr(patient, field)
        if value is None:
            continue
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": _category("vital-signs"),
            "code": {"coding": [{"system": LOINC, "code": loinc, "display": loinc_display}], "text": display},
            "subject": _ref("Patient", patient.pk),
            "issued": timezone.localtime(patient.created_at).isoformat(),
            "valueQuantity": _quantity(value, unit, unit_text),
        }
        found.append((resource, f"{patient.pk}/{field}"))
    return found


def adherence_observation(summary, patient) -> dict:
    """The device adherence verdict of a cycle (SPEC §8). A rule of the EPS, not a measurement
    LOINC names: local code, with the figures behind it as components."""
    components = [
        ("noches-con-datos", "Noches importadas", summary.noches_con_datos, "{nights}", "noches"),
        ("ultima-ventana-noches", "Noches ≥ horas en la última ventana", summary.ultima_ventana_noches,
         "{nights}", "noches"),
        ("inicial-mejor-noches", "Noches ≥ horas en la mejor ventana inicial", summary.inicial_mejor_noches,
         "{nights}", "noches"),
    ]  # fmt: skip
    resource = {
        "resourceType": "Observation",
        # R4 Observation cannot point at an EpisodeOfCare: the cycle is named by identifier.
        "identifier": [{"system": _system("sid/ciclo"), "value": str(summary.ingreso_id)}],
        "status": "final",
        "category": _category("therapy"),
        "code": {
            "coding": [
                {
                    "system": _system(LOCAL),
                    "code": "veredicto-adherencia",
                    "display": "Veredicto de adherencia",
                }
            ],
            "text": "Veredicto de adherencia al PAP según la regla de la EPS",
        },
        "subject": _ref("Patient", patient.pk),
        "issued": timezone.localtime(summary.calculado_el).isoformat(),
        "valueCodeableConcept": {
            "coding": [{"system": _system("CodeSystem/veredicto"), "code": summary.veredicto}],
            "text": summary.get_veredicto_display(),
        },
        "component": [
            {
                "code": {"coding": [{"system": _system(LOCAL), "code": code}], "text": text},
                "valueQuantity": {"value": value, "unit": unit_text, "system": UCUM, "code": unit},
            }
            for code, text, value, unit, unit_text in components
        ],
    }
    if summary.ultima_noche:
        resource["effectiveDateTime"] = _date(summary.ultima_noche)
    return resource


def device_resource(serial: str, patient, equipment=None) -> dict:
    """The PAP with serial ``serial``: from its equipment record (brand, mode) when DataMed has
    one, else from the device's own nights (the serial the device reported)."""
    resource = {
        "resourceType": "Device",
        "identifier": [{"system": _system("sid/serial-equipo"), "value": serial}],
        "status": "active",
        "serialNumber": serial,
        # No LOINC/SNOMED code is asserted for the PAP: its kind as text.
        "type": {"text": "Equipo de presión positiva en la vía aérea (PAP)"},
        "patient": _ref("Patient", patient.pk),
    }
    if equipment is not None:
        brand, mode = equipment.get_marca_equipo_display(), equipment.get_modo_ventilatorio_display()
        resource["manufacturer"] = brand
        resource["deviceName"] = [{"name": f"{brand} {mode}", "type": "user-friendly-name"}]
        resource["type"]["text"] = f"Equipo de presión positiva en la vía aérea ({mode})"
    return resource


def patient_bundle(record: PatientRecord, now: datetime.datetime | None = None) -> dict:
    """The whole bundle for ``record`` (``documents.selectors.patient_record``)."""
    patient = record.patient
    entries = [
        _entry(patient_resource(patient), patient.pk),
        _entry(organization_resource(), "ips"),
        _entry(condition_resource(patient), patient.pk),
    ]
    entries += [_entry(episode_resource(cycle, patient), cycle.pk) for cycle in record.cycles]
    encounters = {}
    for line in record.attentions:
        entries.append(_entry(encounter_resource(line, patient), line.pk))
        slug = LOG_RECORD_TYPE.get(line.tipo_servicio)
        if slug and line.registro_id:
            encounters[(slug, line.registro_id)] = line.pk
    # One Device per serial: delivered (equipment records, even in several cycles) or only
    # seen in imported nights.
    equipment = {item.serial_equipo: item for item in record.records["equipo_medico"]}
    for serial in sorted(set(equipment) | set(record.night_serials)):
        entries.append(
            _entry(device_resource(serial, patient, equipment.get(serial)), f"{patient.pk}/{serial}")
        )
    for slug, measures in MEASURES.items():
        for item in record.records[slug]:
            for measure in measures:
                if getattr(item, measure.field) is None:
                    continue
                resource = observation(measure, item, patient, encounters.get((slug, item.pk)))
                entries.append(_entry(resource, f"{slug}/{item.pk}/{measure.field}"))
    entries += [_entry(resource, key) for resource, key in body_observations(patient)]
    entries += [
        _entry(adherence_observation(summary, patient), f"adherencia/{summary.ingreso_id}")
        for summary in record.adherence
    ]
    return {
        "resourceType": "Bundle",
        "id": _uuid("Bundle", patient.pk),
        "meta": {"lastUpdated": timezone.localtime(now or timezone.now()).isoformat()},
        "type": "collection",
        "timestamp": timezone.localtime(now or timezone.now()).isoformat(),
        "entry": entries,
    }
