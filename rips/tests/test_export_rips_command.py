import json
import os

import pytest
from django.core.management import CommandError, call_command

from rips import validation
from rips.models import MapeoRegistro
from rips.tests.conftest import monitoring, register, sanitas_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_with_care(rips_settings, professional, month):
    register(monitoring(month[0].replace(day=6)), sanitas_patient(documento="63111222"), professional)


def _args(month, *extra):
    return [
        "--eps",
        "SANITAS",
        "--desde",
        month[0].isoformat(),
        "--hasta",
        month[1].isoformat(),
        "--factura",
        "FE123",
        *extra,
    ]


def test_writes_the_validated_rips(month_with_care, month, tmp_path, capsys):
    target = tmp_path / "salida.json"
    call_command("export_rips", *_args(month, "--output", str(target)))
    assert "1 usuario(s), 1 servicio(s)" in capsys.readouterr().out
    rips = json.loads(target.read_text(encoding="utf-8"))
    assert rips["numFactura"] == "FE123"
    assert validation.check_document(rips) == []


def test_default_file_name(month_with_care, month, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_rips", *_args(month))
    assert os.listdir(tmp_path) == [f"RIPS_SANITAS_FE123_{month[0]:%Y%m%d}_{month[1]:%Y%m%d}.json"]


def test_problems_are_printed_and_nothing_is_written(month_with_care, month, tmp_path, capsys):
    MapeoRegistro.objects.filter(tipo_registro="monitoreo").update(cod_cups="")
    target = tmp_path / "salida.json"
    with pytest.raises(CommandError, match="1 problema"):
        call_command("export_rips", *_args(month, "--output", str(target)))
    assert "usuario 1 (CC 63111222), consulta 1: codConsulta" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bad_date_is_refused(month):
    with pytest.raises(CommandError, match="Fecha no válida"):
        call_command(
            "export_rips",
            "--eps",
            "SANITAS",
            "--desde",
            "01/11/2026",
            "--hasta",
            "2026-11-30",
            "--factura",
            "F1",
        )
