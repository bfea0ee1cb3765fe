"""import_legacy_datamed reads every version of the original DataMed: sources built at real
states of its migration history (``legacy.history``), with the column names of each."""

import io
import sqlite3

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from datamed.tests.catalog import snapshot
from exams import models as exams
from legacy import history
from legacy.history import Version
from legacy.tests import legacy_source
from patients.models import Ingreso, Patient

pytestmark = pytest.mark.django_db

#: no cycles yet, records tied to the patient, the Athens scale, the early column names
EXAMS_0013 = Version(2, 13)
#: cycles, no follow-up notes yet, the Athens scale instead of calidad/cantidad
EXAMS_0029 = Version(11, 29)
LAST = Version(11, 33)


def run(source, *args) -> str:
    out = io.StringIO()
    call_command("import_legacy_datamed", str(source), *args, stdout=out)
    return out.getvalue()


def summary_row(output: str, label: str) -> list[int]:
    line = next(line for line in output.splitlines() if line.startswith(label + " "))
    return [int(number) for number in line[len(label) :].split()]


@pytest.fixture
def build(tmp_path):
    return lambda version: legacy_source.build_at(
        tmp_path / f"anterior-{version.patients}-{version.exams}.sqlite3", version
    )


def test_the_sources_carry_the_original_column_names_of_their_version(build):
    early = sqlite3.connect(build(Version(2, 1)))
    columns = [row[1] for row in early.execute("PRAGMA table_info(exams_monitoreo)")]
    assert {"usu_diario", "tamaño_mascara", "dias_uso_horas", "patient_id"} <= set(columns)
    assert "ingreso_id" not in columns
    tables = {row[0] for row in early.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "patients_ingreso" not in tables and "exams_psicologia" not in tables
    at_13 = sqlite3.connect(build(EXAMS_0013))
    equipment = [row[1] for row in at_13.execute("PRAGMA table_info(exams_equipomedico)")]
    assert "modo_ventilatorio" in equipment and "referencia_mascara" not in equipment
    psychology = [
        row[1] for row in sqlite3.connect(build(EXAMS_0029)).execute("PRAGMA table_info(exams_psicologia)")
    ]
    assert "escala_atenas" in psychology and "calidad" not in psychology


@pytest.mark.parametrize(
    ("version", "cycles", "basal", "notes", "log"),
    [
        # before exams 0016 every record has its patient: basal 3 is placed too
        (EXAMS_0013, [6, 6, 0, 0, 0], [3, 3, 0, 1, 0], [0, 0, 0, 0, 0], [5, 5, 0, 0, 0]),
        (EXAMS_0029, [6, 6, 0, 1, 0], [3, 2, 0, 1, 1], [0, 0, 0, 0, 0], [5, 4, 0, 0, 1]),
        (LAST, [6, 6, 0, 1, 0], [3, 2, 0, 1, 1], [1, 1, 0, 0, 0], [5, 4, 0, 0, 1]),
    ],
    ids=str,
)
def test_each_version_imports_says_which_it_is_and_a_second_run_changes_nothing(
    build, version, cycles, basal, notes, log
):
    source = build(version)
    output = run(source)
    assert f"DataMed anterior: {version}" in output
    assert summary_row(output, "pacientes")[:3] == [6, 6, 0]
    assert summary_row(output, "ciclos (ingresos)")[:3] == cycles[:3]
    assert summary_row(output, "polisomnografías basales")[:3] == basal[:3]
    assert summary_row(output, "polisomnografías basales")[4] == basal[4]
    assert summary_row(output, "notas de seguimiento") == notes
    assert summary_row(output, "bitácora de atenciones")[:3] == log[:3]
    assert summary_row(output, "monitoreos")[:2] == [2, 2]
    assert summary_row(output, "valoraciones de psicología")[:2] == [1, 1]
    assert Patient.objects.count() == 6

    before = snapshot()
    again = run(source)
    assert snapshot() == before
    assert "Nada nuevo que importar" in again


def test_exams_0013_cycles_come_from_the_admission_and_records_follow_their_patient(build):
    output = run(build(EXAMS_0013))
    assert "patients_ingreso aún no existía (llega en patients 0003)" in output
    assert Ingreso.objects.count() == 6
    ana = Ingreso.objects.get(paciente__documento="1001")
    assert (str(ana.fecha_inicio), str(ana.fecha_fin), ana.estado) == (
        "2023-01-10",
        "2024-01-05",
        "TERMINADO",
    )
    assert ana.motivo == "Egreso Anticipado"
    # monitoring 1 (28/02/2024) of patient 1 falls after her only cycle: it goes to that cycle, said
    monitoring = exams.Monitoreo.objects.get(pk=1)
    assert monitoring.ingreso == ana
    assert "ningún ciclo del paciente cubre el 28/02/2024: se asigna a su ciclo 1" in output
    # the line of patient 2 without a record finds the patient's cycle
    assert exams.Seguimiento.objects.filter(pk=5, ingreso__paciente__documento="1002").exists()
    # renamed columns: usu_diario → uso_diario, dias_uso_horas → dias_uso_horas_4
    assert (monitoring.uso_diario, monitoring.dias_uso_horas_4, monitoring.tamano_mascara) == (
        90,
        80,
        "MEDIUM",
    )
    assert "exams_monitoreo.dias_uso_horas se lee como dias_uso_horas_4" in output
    # a column that did not exist yet: the value the original's own migration gave old rows
    assert monitoring.horas_uso_diario == 0
    assert "exams_monitoreo.horas_uso_diario aún no existía: se toma «0»" in output
    assert "exams_seguimientoadaptacion aún no existía en esa versión: se lee sin filas" in output
    # the automatic mode the original offered until exams 0020
    assert exams.Monitoreo.objects.get(pk=2).modo_ventilatorio == "CPAP"
    assert "modo «AUTOCPAP» (opción retirada del DataMed anterior): se guarda como CPAP" in output
    # contact columns removed in patients 0004 have no field here: listed with their row
    assert "pacientes id 1: dirección «Calle 1 # 10-20»: columna que ya no existe" in output


def test_the_athens_scale_is_kept_on_the_psychology_record(build):
    output = run(build(EXAMS_0029))
    psychology = exams.Psicologia.objects.get(pk=1)
    assert psychology.escala_atenas == 12
    assert (psychology.calidad, psychology.cantidad, psychology.total) == (0, 0, 0)
    assert "exams_psicologia.escala_atenas (columna que ya no existe): se conserva en el campo" in output
    assert "DataMed anterior: patients 0011, exams 0029" in output


def test_the_last_version_has_no_athens_scale_and_no_version_notices(build):
    output = run(build(LAST))
    assert exams.Psicologia.objects.get(pk=1).escala_atenas is None
    assert "Versión de origen:" not in output


@pytest.mark.parametrize(
    "version",
    [Version(n, 0) for n in range(1, 12)] + [Version(2 if n < 16 else 11, n) for n in range(1, 34)],
    ids=str,
)
def test_every_version_of_the_original_imports(build, version):
    output = run(build(version))
    assert f"DataMed anterior: {version}" in output
    assert Patient.objects.count() == 6
    assert Ingreso.objects.count() == 6
    closed = Ingreso.objects.get(paciente__documento="1001", fecha_inicio="2023-01-10")
    assert (closed.estado, str(closed.fecha_fin)) == ("TERMINADO", "2024-01-05")
    if version.exams:
        monitoring = exams.Monitoreo.objects.get(pk=1)
        assert (monitoring.uso_diario, monitoring.tamano_mascara) == (90, "MEDIUM")


def test_a_database_of_another_application_is_still_refused(tmp_path):
    other = tmp_path / "otra.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text)")
    connection.execute("INSERT INTO django_migrations (app, name) VALUES ('facturas', '0001_initial')")
    connection.commit()
    connection.close()
    with pytest.raises(CommandError) as error:
        call_command("import_legacy_datamed", str(other))
    assert "no parece una base de DataMed" in str(error.value)
    assert "patients_patient" in str(error.value)


def test_a_version_missing_its_own_columns_is_refused_naming_them(tmp_path):
    source = legacy_source.build_at(tmp_path / "rota.sqlite3", EXAMS_0029)
    connection = sqlite3.connect(source)
    connection.execute("ALTER TABLE patients_ingreso DROP COLUMN paciente_id")
    connection.commit()
    connection.close()
    with pytest.raises(CommandError) as error:
        call_command("import_legacy_datamed", str(source))
    assert (
        "(su django_migrations indica patients 0011, exams 0029): faltan patients_ingreso.paciente_id"
        in str(error.value)
    )


def test_the_history_is_the_originals_complete_list():
    assert history.LAST == {"patients": 11, "exams": 33}
    assert str(
        history.version_of([("patients", "0011_alter_patient_ciudad"), ("exams", "0034_nueva")])[0]
    ) == str(LAST)


@pytest.fixture
def postgres_source_at():
    """A legacy database at a version in a schema of the test database, reached by its own URL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    settings = connection.settings_dict
    url = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"

    def build(version: Version) -> str:
        with psycopg.connect(url, autocommit=True) as setup:
            setup.execute("DROP SCHEMA IF EXISTS datamed_version CASCADE")
            setup.execute("CREATE SCHEMA datamed_version")
            setup.execute("SET search_path TO datamed_version")
            legacy_source.fill_at(setup, version)
        return f"{url}?options=-csearch_path%3Ddatamed_version"

    yield build
    with psycopg.connect(url, autocommit=True) as teardown:
        teardown.execute("DROP SCHEMA IF EXISTS datamed_version CASCADE")


def test_a_postgresql_source_at_exams_0013_imports_like_a_sqlite_one(postgres_source_at):
    source = postgres_source_at(EXAMS_0013)
    output = run(source)
    assert "DataMed anterior: patients 0002, exams 0013" in output
    assert Ingreso.objects.count() == 6
    monitoring = exams.Monitoreo.objects.get(pk=1)
    assert (monitoring.uso_diario, monitoring.dias_uso_horas_4, monitoring.horas_uso_diario) == (90, 80, 0)
    assert exams.Psicologia.objects.get(pk=1).escala_atenas == 12
    before = snapshot()
    assert "Nada nuevo que importar" in run(source)
    assert snapshot() == before
