"""Bad input gets a clear Spanish message naming the problem, and saves nothing."""

import os

import pytest

from therapy import services
from therapy.models import NocheTerapia, ResumenAdherencia
from therapy.readers import DeviceFileError
from therapy.synthetic import Night, str_edf

pytestmark = pytest.mark.django_db


def _refused(ingreso, name: str, data: bytes) -> list[str]:
    with pytest.raises(DeviceFileError) as refused:
        services.import_device_file(ingreso, name, data)
    assert not NocheTerapia.objects.exists()
    assert not ResumenAdherencia.objects.exists()
    return refused.value.problems


def test_random_bytes(cycle_started):
    problems = _refused(cycle_started(30), "STR.edf", os.urandom(4096))
    assert problems == ["«STR.edf» no es un archivo EDF (la cabecera no corresponde al formato)."]


def test_a_truncated_edf(cycle_started):
    ingreso = cycle_started(30)
    data = str_edf(ingreso.fecha_inicio, [Night(300)] * 20)
    problems = _refused(ingreso, "STR.edf", data[:-10])
    assert problems == ["«STR.edf» está truncado: la cabecera anuncia 20 días y el archivo trae 19."]


def test_an_edf_without_duration(cycle_started):
    ingreso = cycle_started(30)
    data = str_edf(ingreso.fecha_inicio, [Night(300)] * 20, without=("Duration",))
    problems = _refused(ingreso, "STR.edf", data)
    assert "le falta la señal «Duration» (minutos de uso)" in problems[0]


def test_a_zip_without_str_edf(cycle_started):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("DATALOG/20261001/x.edf", b"0")
    problems = _refused(cycle_started(30), "sd.zip", buffer.getvalue())
    assert problems == ["«sd.zip» no contiene un archivo STR.edf (copie la tarjeta SD completa)."]


def test_an_unknown_format(cycle_started):
    problems = _refused(cycle_started(30), "reporte.pdf", b"%PDF-1.4")
    assert "formato no reconocido" in problems[0]


def test_bad_csv_rows_are_named_and_nothing_is_saved(cycle_started):
    csv = (
        b"fecha;horas;iah;fuga;presion;serial\n"
        b"2026-10-01;6,5;2;18;10;P1\n"
        b"2026-13-01;6;2;18;10;P1\n"
        b"2026-10-03;treinta;2;18;10;P1\n"
        b"2026-10-04;5;2;18;10;\n"
    )
    problems = _refused(cycle_started(30), "noches.csv", csv)
    assert problems == [
        "fila 3: fecha: «2026-13-01» no es una fecha (AAAA-MM-DD o DD/MM/AAAA).",
        "fila 4: horas: «treinta» no es un número entre 0 y 24.",
        "fila 5: serial: falta el serial del equipo.",
    ]


def test_a_csv_without_the_required_columns(cycle_started):
    problems = _refused(cycle_started(30), "noches.csv", b"dia,uso\n2026-10-01,5\n")
    assert problems == [
        "«noches.csv»: faltan las columnas fecha, serial, horas o minutos en la fila de encabezado."
    ]
