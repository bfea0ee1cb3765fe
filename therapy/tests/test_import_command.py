"""``manage.py import_device_data``: a folder of SD-card copies, matched by serial or by patient."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from exams.tests.factories import form_data
from therapy.models import NocheTerapia
from therapy.synthetic import Night, str_edf

pytestmark = pytest.mark.django_db


def _deliver_equipment(ingreso, serial, user):
    from exams.forms import EquipoMedicoForm
    from exams.services import register_record

    data = {
        k.split("-", 1)[1]: v for k, v in form_data("equipo_medico", serial_equipo=serial).items() if "-" in k
    }
    form = EquipoMedicoForm(data, ingreso=ingreso)
    assert form.is_valid(), form.errors
    register_record(form.save(commit=False), ingreso, user)


def _card(folder, name, ingreso, serial, nights=10):
    card = folder / name
    card.mkdir()
    (card / "STR.edf").write_bytes(str_edf(ingreso.fecha_inicio, [Night(300)] * nights, serial=serial))


def test_a_folder_is_matched_by_serial(tmp_path, cycle_started, coordinator):
    first, second = cycle_started(30), cycle_started(30)
    _deliver_equipment(first, "SRN-A", coordinator)
    _deliver_equipment(second, "SRN-B", coordinator)
    _card(tmp_path, "tarjeta1", first, "SRN-A")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("STR.edf", str_edf(second.fecha_inicio, [Night(300)] * 12, serial="SRN-B"))
    (tmp_path / "tarjeta2.zip").write_bytes(buffer.getvalue())
    out = io.StringIO()
    call_command("import_device_data", str(tmp_path), stdout=out)
    assert NocheTerapia.objects.filter(ingreso=first).count() == 10
    assert NocheTerapia.objects.filter(ingreso=second).count() == 12
    assert "2 archivos leídos, 0 con problemas." in out.getvalue()


def test_an_unknown_serial_is_reported(tmp_path, cycle_started):
    _card(tmp_path, "tarjeta", cycle_started(30), "DESCONOCIDO")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_device_data", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "ningún ciclo ACTIVO tiene entregado el equipo DESCONOCIDO" in err.getvalue()
    assert not NocheTerapia.objects.exists()


def test_patient_option_attaches_to_their_active_cycle(tmp_path, cycle_started):
    ingreso = cycle_started(30)
    _card(tmp_path, "tarjeta", ingreso, "CUALQUIERA")
    patient = ingreso.paciente
    call_command("import_device_data", str(tmp_path), patient=f"CC:{patient.documento}", stdout=io.StringIO())
    assert NocheTerapia.objects.filter(ingreso=ingreso).count() == 10


def test_a_bad_file_in_the_folder_saves_nothing_of_it(tmp_path, cycle_started):
    ingreso = cycle_started(30)
    card = tmp_path / "tarjeta"
    card.mkdir()
    (card / "STR.edf").write_bytes(b"0       " + b"x" * 400)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_device_data",
            str(tmp_path),
            patient=f"CC:{ingreso.paciente.documento}",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "STR.edf" in err.getvalue()
    assert not NocheTerapia.objects.exists()


def test_recompute_and_sample_commands(tmp_path, cycle_started):
    path = tmp_path / "STR.edf"
    out = io.StringIO()
    call_command("sample_str_edf", str(path), nights=40, stdout=out)
    ingreso = cycle_started(60)
    call_command(
        "import_device_data", str(path), patient=f"CC:{ingreso.paciente.documento}", stdout=io.StringIO()
    )
    assert NocheTerapia.objects.filter(ingreso=ingreso).exists()
    call_command("recompute_adherence", stdout=out)
    assert "1 ciclos recalculados." in out.getvalue()
