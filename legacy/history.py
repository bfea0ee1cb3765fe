"""The original DataMed's schema, version by version, from its migrations (github
diegolozadev/DataMed, ``apps/patients/migrations`` 0001–0011 and ``apps/exams/migrations``
0001–0033).

Each step below transcribes what one of the original's migrations did to the tables the
import reads: tables created, columns added (with the value the original's migration gave the
rows already there), removed and renamed. Migrations that only changed choices, options or
nullability have no step. From this one list come:

- the schema at any version (``schema_at``), which the tests build sources from;
- the column map of a version (``ColumnMap``): for each column as docs/legacy_schema.md names it
  (the original's last version), the name it had then, or that it did not exist yet;
- the columns a version had that the last one no longer has (``escala_atenas``…), which the
  import keeps.

Checked against the original itself: its migrations, run with ``migrate <app> <migration>`` on
an empty SQLite database for each of its 44 migrations, give exactly the tables and columns
``schema_at`` gives for the version ``django_migrations`` then records.
"""

from dataclasses import dataclass, field
from functools import cache

# Column types of the DDL the tests build (SQLite and PostgreSQL both take them).
ID = "integer PRIMARY KEY"
FK = "bigint NULL"
DEC = "decimal(5,2)"
TS = "timestamp with time zone"
INT = "integer"
DATE = "date"
TEXT = "text"


def _chr(length: int) -> str:
    return f"varchar({length})"


#: what each record table of the original starts with (owner, author, creation time)
_BY_PATIENT = (("created_at", TS), ("patient_id", FK), ("registrado_por_id", FK))


@dataclass(frozen=True)
class Create:
    table: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Add:
    table: str
    column: str
    type: str
    #: the value the original's migration wrote into the rows already there (``None``: NULL)
    default: object = None


@dataclass(frozen=True)
class Remove:
    table: str
    column: str


@dataclass(frozen=True)
class Rename:
    table: str
    old: str
    new: str


@dataclass(frozen=True)
class Step:
    app: str
    name: str
    operations: tuple = ()

    @property
    def number(self) -> int:
        return int(self.name[:4])


_RECORD_TABLES_BY_PATIENT = (
    "exams_equipomedico",
    "exams_monitoreo",
    "exams_neumologia",
    "exams_nutricion",
    "exams_polisomnografiabasal",
    "exams_polisomnografiatitulacion",
    "exams_psicologia",
    "exams_seguimiento",
)

STEPS: tuple[Step, ...] = (
    Step(
        "patients",
        "0001_initial",
        (
            Create(
                "patients_patient",
                (
                    ("id", ID),
                    ("nombre", _chr(100)),
                    ("apellido", _chr(100)),
                    ("tipo_documento", _chr(3)),
                    ("documento", _chr(20) + " UNIQUE"),
                    ("fecha_nacimiento", DATE),
                    ("genero", _chr(10)),
                    ("direccion", _chr(300)),
                    ("barrio", _chr(100)),
                    ("departamento", _chr(100)),
                    ("ciudad", _chr(100)),
                    ("zona", _chr(10)),
                    ("email", _chr(254)),
                    ("telefono", _chr(20)),
                    ("celular", _chr(20)),
                    ("estado_civil", _chr(20)),
                    ("ocupacion", _chr(100)),
                    ("entidad_salud", _chr(100)),
                    ("estrato", INT),
                    ("peso", DEC + " NULL"),
                    ("altura", "decimal(4,2) NULL"),
                    ("perimetro_abdominal", DEC + " NULL"),
                    ("cuello", DEC + " NULL"),
                    ("medico_remitente", _chr(100)),
                    ("especialidad", _chr(100)),
                    ("diagnostico_clinico", TEXT),
                    ("programa", _chr(100)),
                    ("estado", _chr(20)),
                    ("fecha_ingreso", DATE),
                    ("fecha_egreso", DATE + " NULL"),
                    ("motivo_egreso", TEXT + " NULL"),
                    ("mes_capita", INT),
                    ("valor_capita", "decimal(10,2)"),
                ),
            ),
        ),
    ),
    Step("patients", "0002_alter_patient_fecha_ingreso"),
    Step(
        "patients",
        "0003_ingreso",
        (
            Create(
                "patients_ingreso",
                (
                    ("id", ID),
                    ("fecha_inicio", DATE),
                    ("fecha_fin", DATE + " NULL"),
                    # choices ACTIVO, SUSPENDIDO, FINALIZADO; TERMINADO from patients 0007
                    ("estado", _chr(20)),
                    ("motivo", TEXT + " NULL"),
                    ("created_at", TS),
                    ("paciente_id", "bigint NOT NULL"),
                ),
            ),
        ),
    ),
    Step(
        "patients",
        "0004_remove_patient_barrio_remove_patient_direccion_and_more",
        tuple(
            Remove("patients_patient", column)
            for column in (
                "barrio",
                "direccion",
                "email",
                "estado",
                "fecha_egreso",
                "fecha_ingreso",
                "motivo_egreso",
                "ocupacion",
            )
        ),
    ),
    Step(
        "patients",
        "0005_remove_ingreso_created_at_alter_ingreso_estado_and_more",
        (Remove("patients_ingreso", "created_at"),),
    ),
    Step("patients", "0006_remove_patient_mes_capita", (Remove("patients_patient", "mes_capita"),)),
    Step("patients", "0007_alter_ingreso_options_alter_ingreso_estado_and_more"),
    Step("patients", "0008_alter_patient_valor_capita"),
    Step("patients", "0009_alter_patient_ciudad_alter_patient_departamento"),
    Step("patients", "0010_alter_patient_ciudad"),
    Step("patients", "0011_alter_patient_ciudad"),
    Step(
        "exams",
        "0001_initial",
        (
            Create(
                "exams_monitoreo",
                (
                    ("id", ID),
                    ("usu_diario", DEC),
                    ("dias_uso_horas", DEC),
                    ("hipopnea_basal", DEC),
                    ("hipopnea_residual", DEC),
                    ("presion_ipap", DEC),
                    ("presion_epap", DEC + " NULL"),
                    ("modo_ventilatorio", _chr(20)),
                    ("mascara_cpap", _chr(20)),
                    ("tamaño_mascara", _chr(20)),
                    ("etco2_promedio", DEC + " NULL"),
                    *_BY_PATIENT,
                ),
            ),
        ),
    ),
    Step(
        "exams",
        "0002_rename_tamaño_mascara_monitoreo_tamano_mascara",
        (Rename("exams_monitoreo", "tamaño_mascara", "tamano_mascara"),),
    ),
    Step(
        "exams",
        "0003_rename_usu_diario_monitoreo_uso_diario",
        (Rename("exams_monitoreo", "usu_diario", "uso_diario"),),
    ),
    Step(
        "exams",
        "0004_psicologia",
        (
            Create(
                "exams_psicologia",
                (
                    ("id", ID),
                    ("inventario_depre_beck", INT),
                    ("inventario_ansiedad_beck", INT),
                    ("escala_atenas", INT),
                    *_BY_PATIENT,
                ),
            ),
        ),
    ),
    Step(
        "exams",
        "0005_alter_psicologia_patient_and_more",
        (
            Create(
                "exams_nutricion",
                (
                    ("id", ID),
                    ("estado_nutricional", _chr(20)),
                    ("carbohidratos_pct", DEC),
                    ("rumiacion", _chr(5)),
                    ("cafeina", DEC),
                    *_BY_PATIENT,
                ),
            ),
        ),
    ),
    Step("exams", "0006_alter_nutricion_options"),
    Step(
        "exams",
        "0007_polisomnografiatitulacion_polisomnografiabasal_and_more",
        (
            Create(
                "exams_polisomnografiatitulacion",
                (
                    ("id", ID),
                    ("fecha_titulacion", DATE),
                    ("presion_ipap", DEC),
                    ("presion_epap", DEC + " NULL"),
                    ("ahi_residual", DEC),
                    *_BY_PATIENT,
                ),
            ),
            Create(
                "exams_polisomnografiabasal",
                (
                    ("id", ID),
                    ("fecha_basal", DATE),
                    ("iah", DEC),
                    ("severidad_apnea", _chr(50)),
                    ("ido", DEC),
                    *_BY_PATIENT,
                ),
            ),
            Create(
                "exams_neumologia",
                (("id", ID), ("fecha_consulta", DATE), ("medico_tratante", _chr(100)), *_BY_PATIENT),
            ),
        ),
    ),
    Step(
        "exams",
        "0008_polisomnografiatitulacion_tipo_titulacion",
        (Add("exams_polisomnografiatitulacion", "tipo_titulacion", _chr(20) + " NULL"),),
    ),
    Step(
        "exams",
        "0009_remove_polisomnografiatitulacion_ahi_residual",
        (Remove("exams_polisomnografiatitulacion", "ahi_residual"),),
    ),
    Step(
        "exams",
        "0010_equipomedico",
        (
            Create(
                "exams_equipomedico",
                (
                    ("id", ID),
                    ("talla_mascara", _chr(20)),
                    ("marca_equipo", _chr(100)),
                    ("serial_equipo", _chr(100)),
                    ("modo_ventiñlatorio", _chr(20)),
                    ("patient_id", FK),
                    ("registrado_por_id", FK),
                ),
            ),
        ),
    ),
    # The rows already there got the migration's time: the original did not know when they were made.
    Step("exams", "0011_equipomedico_created_at", (Add("exams_equipomedico", "created_at", TS),)),
    Step(
        "exams",
        "0012_rename_modo_ventiñlatorio_equipomedico_modo_ventilatorio",
        (Rename("exams_equipomedico", "modo_ventiñlatorio", "modo_ventilatorio"),),
    ),
    Step(
        "exams",
        "0013_seguimiento",
        (
            Create(
                "exams_seguimiento",
                (("id", ID), ("fecha_atencion", DATE), ("tipo_servicio", _chr(100)), *_BY_PATIENT),
            ),
        ),
    ),
    Step("exams", "0014_alter_seguimiento_options"),
    Step("exams", "0015_alter_polisomnografiabasal_options_and_more"),
    # Records moved from the patient to the cycle; the original kept no link for the rows there.
    Step(
        "exams",
        "0016_remove_equipomedico_patient_remove_monitoreo_patient_and_more",
        tuple(Remove(table, "patient_id") for table in _RECORD_TABLES_BY_PATIENT)
        + tuple(Add(table, "ingreso_id", FK) for table in _RECORD_TABLES_BY_PATIENT),
    ),
    Step(
        "exams",
        "0017_polisomnografiabasal_eficiencia",
        (Add("exams_polisomnografiabasal", "eficiencia", DEC, 0),),
    ),
    Step(
        "exams",
        "0018_polisomnografiatitulacion_talla_mascara_and_more",
        (
            Add("exams_polisomnografiatitulacion", "talla_mascara", _chr(20), "No especificado"),
            Add("exams_polisomnografiatitulacion", "tipo_mascara", _chr(20), "No especificado"),
        ),
    ),
    Step(
        "exams",
        "0019_equipomedico_tipo_mascara_eq_medico",
        (Add("exams_equipomedico", "tipo_mascara_eq_medico", _chr(100), ""),),
    ),
    # Choices: AUTOCPAP and AUTOBPAP leave the ventilation modes.
    Step("exams", "0020_alter_equipomedico_modo_ventilatorio_and_more"),
    # Choices: severity SEVERA becomes GRAVE (rows already there keep SEVERA).
    Step("exams", "0021_alter_polisomnografiabasal_severidad_apnea"),
    Step(
        "exams",
        "0022_polisomnografiatitulacion_frecuencia_respiratoria_and_more",
        (Add("exams_polisomnografiatitulacion", "frecuencia_respiratoria", INT + " NULL", 0),),
    ),
    Step(
        "exams",
        "0023_equipomedico_referencia_mascara_and_more",
        (Add("exams_equipomedico", "referencia_mascara", _chr(100), "No especificado"),),
    ),
    # Choices: brand DAM leaves the list.
    Step(
        "exams",
        "0024_rename_dias_uso_horas_monitoreo_dias_uso_horas_4_and_more",
        (
            Rename("exams_monitoreo", "dias_uso_horas", "dias_uso_horas_4"),
            Add("exams_monitoreo", "horas_uso_diario", DEC, 0),
            Add("exams_neumologia", "especialidad", _chr(200), "Sin especialidad"),
        ),
    ),
    Step(
        "exams",
        "0025_monitoreo_frecuencia_respiratoria",
        (Add("exams_monitoreo", "frecuencia_respiratoria", INT + " NULL", 0),),
    ),
    Step("exams", "0026_alter_monitoreo_etco2_promedio"),
    Step("exams", "0027_alter_monitoreo_presion_epap_and_more"),
    Step("exams", "0028_alter_monitoreo_frecuencia_respiratoria_and_more"),
    Step(
        "exams",
        "0029_monitoreo_porcentaje_correccion_and_more",
        (Add("exams_monitoreo", "porcentaje_correccion", DEC, 0),),
    ),
    Step(
        "exams",
        "0030_seguimientoadaptacion",
        (
            Create(
                "exams_seguimientoadaptacion",
                (
                    ("id", ID),
                    ("created_at", TS),
                    ("observaciones", TEXT),
                    ("ingreso_id", FK),
                    ("registrado_por_id", FK),
                ),
            ),
        ),
    ),
    Step("exams", "0031_alter_polisomnografiatitulacion_frecuencia_respiratoria_and_more"),
    Step(
        "exams",
        "0032_remove_psicologia_escala_atenas_psicologia_calidad_and_more",
        (
            Remove("exams_psicologia", "escala_atenas"),
            Add("exams_psicologia", "calidad", INT, 0),
            Add("exams_psicologia", "cantidad", INT, 0),
            Add("exams_psicologia", "total", INT, 0),
        ),
    ),
    Step("exams", "0033_alter_psicologia_total"),
)

APPS = ("patients", "exams")
LAST: dict[str, int] = {app: max(step.number for step in STEPS if step.app == app) for app in APPS}
#: the original's migrations of each app must follow one another: the list above is complete
assert all(  # noqa: S101 - a check of the data above, at import time
    [step.number for step in STEPS if step.app == app] == list(range(1, LAST[app] + 1)) for app in APPS
)
#: the migrations of one app that need one of the other (``exams 0001`` needs ``patients 0002``…)
NEEDS: dict[tuple[str, int], tuple[str, int]] = {
    ("exams", 1): ("patients", 2),
    ("exams", 16): ("patients", 3),
}


@dataclass(frozen=True, order=True)
class Version:
    """A schema state of the original: the last migration applied of each app (0: none)."""

    patients: int
    exams: int

    def __str__(self) -> str:
        exams = f"exams {self.exams:04d}" if self.exams else "exams sin migrar"
        return f"patients {self.patients:04d}, {exams}"

    def has(self, app: str, number: int) -> bool:
        return getattr(self, app) >= number


FIRST = Version(1, 0)
LATEST = Version(LAST["patients"], LAST["exams"])


def _steps_in(version: Version):
    return (step for step in STEPS if version.has(step.app, step.number))


@dataclass
class ColumnMap:
    """How a source at one version names the columns docs/legacy_schema.md (the last version) names."""

    version: Version
    #: table → its columns at the version, in order
    schema: dict[str, list[str]]
    #: table → last-version column → the column's name at the version (only columns it had)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    #: table → last-version column the version did not have yet → the value the original's
    #: migration that added it gave the rows already there (``None``: NULL)
    not_yet: dict[str, dict[str, object]] = field(default_factory=dict)
    #: table → columns the version had that the last version no longer has
    removed: dict[str, list[str]] = field(default_factory=dict)
    #: tables the last version has and the version had not yet
    missing_tables: list[str] = field(default_factory=list)

    def renamed(self) -> list[tuple[str, str, str]]:
        """(table, name at the version, last name) of every column renamed since."""
        return [
            (table, old, new)
            for table, names in self.names.items()
            for new, old in names.items()
            if old != new
        ]


def schema_at(version: Version) -> dict[str, list[tuple[str, str]]]:
    """The import's tables at ``version``: table → (column, type) in order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for step in _steps_in(version):
        for operation in step.operations:
            if isinstance(operation, Create):
                tables[operation.table] = list(operation.columns)
            elif isinstance(operation, Add):
                tables[operation.table].append((operation.column, operation.type))
            elif isinstance(operation, Remove):
                tables[operation.table] = [c for c in tables[operation.table] if c[0] != operation.column]
            else:
                tables[operation.table] = [
                    (operation.new if name == operation.old else name, kind)
                    for name, kind in tables[operation.table]
                ]
    return tables


@cache
def column_map(version: Version) -> ColumnMap:
    """Follow every column of ``version`` through the later steps to its last name."""
    then = {table: [name for name, _ in columns] for table, columns in schema_at(version).items()}
    # table → {name now (as the steps go on) → name at the version}
    tracked = {table: {name: name for name in columns} for table, columns in then.items()}
    added_later: dict[str, dict[str, object]] = {}
    for step in STEPS:
        if version.has(step.app, step.number):
            continue
        for operation in step.operations:
            if isinstance(operation, Create):
                added_later[operation.table] = dict.fromkeys(name for name, _ in operation.columns)
            elif isinstance(operation, Add):
                if operation.table in tracked:
                    added_later.setdefault(operation.table, {})[operation.column] = operation.default
                else:
                    added_later[operation.table][operation.column] = operation.default
            elif isinstance(operation, Remove):
                tracked.get(operation.table, {}).pop(operation.column, None)
                added_later.get(operation.table, {}).pop(operation.column, None)
            elif operation.table in tracked and operation.old in tracked[operation.table]:
                tracked[operation.table][operation.new] = tracked[operation.table].pop(operation.old)
            else:
                table = added_later[operation.table]
                table[operation.new] = table.pop(operation.old)
    last = {table: [name for name, _ in columns] for table, columns in schema_at(LATEST).items()}
    result = ColumnMap(version, then)
    for table, columns in last.items():
        if table not in then:
            result.missing_tables.append(table)
            continue
        result.names[table] = {name: tracked[table][name] for name in columns if name in tracked[table]}
        result.not_yet[table] = {
            name: added_later.get(table, {}).get(name) for name in columns if name not in tracked[table]
        }
        kept = set(result.names[table].values())
        result.removed[table] = [name for name in then[table] if name not in kept]
    return result


def version_of(applied: list[tuple[str, str]]) -> tuple[Version, list[str]]:
    """The version a source's ``django_migrations`` rows (app, name) describe, and what is odd
    about them (names the original never had, numbers after its last), in Spanish."""
    known = {(step.app, step.name) for step in STEPS}
    numbers = dict.fromkeys(APPS, 0)
    odd = []
    for app, name in applied:
        if app not in numbers:
            continue
        if (app, name) not in known:
            odd.append(f"{app} {name}")
        if name[:4].isdigit():
            numbers[app] = max(numbers[app], int(name[:4]))
    later = [app for app in APPS if numbers[app] > LAST[app]]
    if later:
        odd.append(
            "migraciones posteriores a la última conocida ("
            + ", ".join(f"{app} {numbers[app]:04d}" for app in later)
            + f"): se lee como {LATEST}"
        )
    return Version(*(min(numbers[app], LAST[app]) for app in APPS)), odd
