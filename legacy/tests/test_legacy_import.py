"""import_legacy_datamed brings an earlier DataMed database over: counts, mappings, repairs,
reports, and a second run that changes nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from datamed.tests.catalog import snapshot
from exams import models as exams
from legacy.importer import CHANGE_REASON
from legacy.models import LegacyIdMap
from legacy.tests import legacy_source
from patients.models import Ingreso, Patient
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(tmp_path):
    return legacy_source.build(tmp_path / "datamed-anterior.sqlite3")


@pytest.fixture
def existing_user(django_user_model):
    """A user of this installation holding id 1, so legacy user 1 needs a new id."""
    return django_user_model.objects.create_user("alicia", id=1)


def run(source, *args) -> str:
    out = io.StringIO()
    call_command("import_legacy_datamed", str(source), *args, stdout=out)
    return out.getvalue()


def summary_row(output: str, label: str) -> list[int]:
    line = next(line for line in output.splitlines() if line.startswith(label + " "))
    return [int(number) for number in line[len(label) :].split()]


def test_counts_per_table(source, existing_user):
    output = run(source)
    # read, imported, already there, repaired, skipped
    assert summary_row(output, "usuarios") == [2, 2, 0, 1, 0]
    assert summary_row(output, "pacientes") == [6, 6, 0, 1, 0]
    assert summary_row(output, "ciclos (ingresos)") == [6, 6, 0, 1, 0]
    assert summary_row(output, "polisomnografías basales") == [3, 2, 0, 1, 1]
    assert summary_row(output, "polisomnografías de titulación") == [1, 1, 0, 1, 0]
    assert summary_row(output, "equipos médicos") == [3, 3, 0, 2, 0]
    assert summary_row(output, "consultas de neumología") == [1, 1, 0, 0, 0]
    assert summary_row(output, "monitoreos") == [2, 2, 0, 0, 0]
    assert summary_row(output, "valoraciones de psicología") == [1, 1, 0, 1, 0]
    assert summary_row(output, "valoraciones de nutrición") == [1, 1, 0, 0, 0]
    assert summary_row(output, "notas de seguimiento") == [1, 1, 0, 0, 0]
    assert summary_row(output, "bitácora de atenciones") == [5, 4, 0, 0, 1]
    assert Patient.objects.count() == 6
    assert Ingreso.objects.count() == 6
    assert exams.Seguimiento.objects.count() == 4


def test_summary_names_each_repair_and_skip_with_its_id(source, existing_user):
    output = run(source)
    expected = [
        "usuarios id 1: el id 1 ya estaba ocupado: se importa con el id",
        "pacientes id 3: la ciudad SAN_GIL no pertenece al departamento ANTIOQUIA: se conserva",
        "ciclos (ingresos) id 3: segundo ciclo abierto del paciente: se cierra (TERMINADO) el 29/02/2024",
        "polisomnografías basales id 2: severidad registrada «LEVE» no coincide con la del IAH 20.00 (MODERADA)",
        "polisomnografías basales id 3: sin ciclo y sin nada que identifique al paciente",
        "polisomnografías de titulación id 1: talla de máscara «No especificado» (marcador sin valor): queda vacío",
        "equipos médicos id 1: referencia de la máscara «No especificado» (marcador sin valor): queda vacía",
        "equipos médicos id 3: sin ciclo: se asigna al ciclo 2 del paciente",
        "valoraciones de psicología id 1: sin ciclo: se asigna al ciclo 2 del paciente",
        "valoraciones de psicología id 1: total registrado «10» no coincide con el calculado por las reglas (11)",
        "bitácora de atenciones id 5: sin ciclo y sin registro que lo indique",
    ]
    for text in expected:
        assert f"  - {text}" in output


def test_users_are_kept_without_a_usable_password(source, existing_user):
    run(source)
    terapeuta = get_user_model().objects.get(username="terapeuta")
    neumologo = get_user_model().objects.get(username="neumologo")
    assert terapeuta.pk != 1 and neumologo.pk == 2
    assert not terapeuta.has_usable_password() and neumologo.is_staff
    assert LegacyIdMap.objects.get(tabla="auth_user", legacy_id=1).new_id == terapeuta.pk
    assert exams.Monitoreo.objects.get(pk=1).registrado_por == terapeuta
    assert exams.Neumologia.objects.get(pk=1).registrado_por == neumologo


def test_places_are_mapped_and_a_mismatch_is_kept(source):
    run(source)
    places = dict(Patient.objects.values_list("documento", "ciudad"))
    assert places == {
        "1001": "BUCARAMANGA",
        "1002": "SANTA_MARTA",
        "1003": "SAN_GIL",
        "1004": "CUCUTA",
        "1005": "BOGOTA",
        "1006": "SAN_MARTIN",
    }
    mismatch = Patient.objects.get(documento="1003")
    assert mismatch.departamento == "ANTIOQUIA"
    assert Patient.objects.get(documento="1004").departamento == "NORTE_SANTANDER"
    assert Patient.objects.get(documento="1001").estado_civil == "UNIÓN LIBRE"


def test_cycles_keep_ids_close_reasons_map_and_the_second_open_cycle_is_closed(source):
    run(source)
    first, reopened, older_open, newer_open, moved = (Ingreso.objects.get(pk=pk) for pk in (1, 2, 3, 4, 5))
    assert (first.estado, first.motivo_cierre, first.motivo) == (
        "TERMINADO",
        "EGRESO_ANTICIPADO",
        "Egreso Anticipado",
    )
    assert reopened.estado == "ACTIVO"
    assert (older_open.estado, older_open.fecha_fin) == ("TERMINADO", datetime.date(2024, 2, 29))
    assert older_open.motivo_cierre == "OTRO"
    assert newer_open.estado == "ACTIVO"
    assert (moved.motivo_cierre, moved.motivo) == ("OTRO", "Se mudó de ciudad")
    assert Ingreso.objects.open().filter(paciente__documento="1002").count() == 1


def test_records_are_mapped_to_this_projects_vocabulary_and_rules(source):
    run(source)
    assert exams.PolisomnografiaBasal.objects.get(pk=1).severidad_apnea == "NORMAL"
    assert exams.PolisomnografiaBasal.objects.get(pk=2).severidad_apnea == "MODERADA"
    assert not exams.PolisomnografiaBasal.objects.filter(pk=3).exists()
    titulacion = exams.PolisomnografiaTitulacion.objects.get(pk=1)
    assert (titulacion.tipo_titulacion, titulacion.talla_mascara, titulacion.tipo_mascara) == (
        "BPAP",
        "",
        "NASAL",
    )
    equipment = exams.EquipoMedico.objects.in_bulk([1, 2, 3])
    assert (equipment[1].modo_ventilatorio, equipment[1].referencia_mascara) == ("BPAP", "")
    assert equipment[2].modo_ventilatorio == "BPAP ST"
    assert equipment[3].ingreso_id == 2
    assert exams.Monitoreo.objects.get(pk=1).porcentaje_correccion == Decimal("90.00")
    psicologia = exams.Psicologia.objects.get(pk=1)
    assert (psicologia.ingreso_id, psicologia.total) == (2, 11)
    assert exams.Nutricion.objects.get(pk=1).estado_nutricional == "EUTRÓFICO"


def test_care_dates_come_from_the_attention_line_else_created_at_in_bogota(source):
    run(source)
    assert exams.Monitoreo.objects.get(pk=1).fecha_atencion == datetime.date(2024, 2, 28)
    assert exams.Monitoreo.objects.get(pk=2).fecha_atencion == datetime.date(2024, 4, 1)
    assert exams.SeguimientoAdaptacion.objects.get(pk=1).fecha_atencion == datetime.date(2024, 2, 20)
    assert exams.Neumologia.objects.get(pk=1).fecha_consulta == datetime.date(2024, 3, 5)
    assert exams.EquipoMedico.objects.get(pk=3).fecha_atencion == datetime.date(2024, 3, 10)
    assert exams.Monitoreo.objects.get(pk=1).created_at == datetime.datetime(
        2024, 3, 1, 15, tzinfo=datetime.UTC
    )


def test_attention_lines_point_at_their_records(source):
    run(source)
    lines = {line.pk: line for line in exams.Seguimiento.objects.all()}
    assert (lines[1].tipo_servicio, lines[1].registro_id, lines[1].ingreso_id) == ("Monitoreo", 1, 2)
    assert (lines[2].registro_id, lines[2].ingreso_id) == (1, 2)
    assert lines[3].registro_id == 1 and lines[4].registro_id == 1
    assert 5 not in lines


def test_every_imported_row_has_a_creation_trail_entry(source):
    run(source)
    patient_history = Patient.history.all()
    assert patient_history.count() == 6
    assert set(patient_history.values_list("history_type", "history_change_reason")) == {("+", CHANGE_REASON)}
    assert exams.Monitoreo.history.filter(history_change_reason=CHANGE_REASON).count() == 2
    assert Ingreso.history.count() == 6


def test_a_second_run_changes_nothing_and_says_so(source, existing_user):
    run(source)
    before = snapshot()
    output = run(source)
    assert snapshot() == before
    assert "Nada nuevo que importar: todas las filas ya estaban importadas; la base no cambió." in output
    assert summary_row(output, "monitoreos") == [2, 0, 2, 0, 0]
    assert summary_row(output, "polisomnografías basales") == [3, 0, 2, 0, 1]


def test_the_source_file_is_not_written(source):
    before = legacy_source.checksum(source)
    run(source)
    run(source, "--dry-run")
    assert legacy_source.checksum(source) == before


def test_new_rows_after_the_import_get_fresh_ids(source):
    """PostgreSQL sequences are moved past the imported ids."""
    run(source)
    patient = PatientFactory()
    assert patient.pk > 6
    assert Ingreso.objects.filter(paciente=patient).get().pk > 6


def test_imported_cycles_carry_their_derived_columns(source, existing_user):
    """What this project keeps on each cycle (EPS and program copied from the patient, last
    attention, latest monitoring) is filled in for imported cycles and agrees with its
    recomputation, so the dashboard counts them from the first day."""
    from summaries.selectors import stale_cycle_summaries

    run(source)
    assert list(stale_cycle_summaries()) == []
    assert Ingreso.objects.filter(ultima_atencion__isnull=False).exists()
    for cycle in Ingreso.objects.select_related("paciente"):
        assert (cycle.entidad_salud, cycle.programa) == (
            cycle.paciente.entidad_salud,
            cycle.paciente.programa,
        )


def test_summary_tells_imported_users_how_to_choose_a_password(source, existing_user):
    """They have no usable password: the reset link (users/forms.PasswordResetForm) serves them."""
    output = run(source)
    assert "2 usuario(s) importado(s) sin contraseña" in output
    assert "/users/password/reset/" in output
