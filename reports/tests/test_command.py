"""``manage.py program_report``: a draft, an issue, a repeated issue, bad arguments."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from reports.models import EmisionInforme
from reports.tests.world import MONTH, build_month

pytestmark = pytest.mark.django_db
ARGS = ["--eps", "SANITAS", "--month", str(MONTH)]


@pytest.fixture
def month():
    return build_month()


def test_a_draft_writes_pdf_excel_and_json_and_issues_nothing(tmp_path, month, capsys):
    call_command("program_report", *ARGS, "--output", str(tmp_path))
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [f"informe_SANITAS_{MONTH}_borrador.{fmt}" for fmt in ("json", "pdf", "xlsx")]
    figures = json.loads((tmp_path / f"informe_SANITAS_{MONTH}_borrador.json").read_text())
    assert figures["capita"]["valor"] == "1550000.00"
    assert (tmp_path / f"informe_SANITAS_{MONTH}_borrador.pdf").read_bytes().startswith(b"%PDF")
    assert "Valor cápita facturado (COP): $ 1.550.000" in capsys.readouterr().out
    assert not EmisionInforme.objects.exists()


def test_issue_writes_the_stored_files_and_a_repeat_changes_nothing(tmp_path, month, coordinator, capsys):
    call_command(
        "program_report", *ARGS, "--issue", "--usuario", coordinator.username, "--output", str(tmp_path)
    )
    issued = EmisionInforme.objects.get()
    pdf = (tmp_path / f"informe_SANITAS_{MONTH}_v1.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert "Emitida la versión 1" in capsys.readouterr().out
    call_command(
        "program_report", *ARGS, "--issue", "--usuario", coordinator.username, "--output", str(tmp_path)
    )
    assert EmisionInforme.objects.count() == 1
    assert "no cambiaron desde la versión 1" in capsys.readouterr().out
    assert (tmp_path / f"informe_SANITAS_{MONTH}_v1.pdf").read_bytes() == pdf


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--issue"], "--usuario"),
        (["--issue", "--usuario", "nadie"], "No existe el usuario"),
    ],
)
def test_an_issue_needs_someone_who_may_issue(tmp_path, extra, message):
    with pytest.raises(CommandError, match=message):
        call_command("program_report", *ARGS, *extra, "--output", str(tmp_path))


def test_a_user_without_the_right_cannot_issue(tmp_path, member):
    nurse = member("Terapia respiratoria")
    with pytest.raises(CommandError, match="no puede emitir"):
        call_command(
            "program_report", *ARGS, "--issue", "--usuario", nurse.username, "--output", str(tmp_path)
        )


def test_a_bad_month_is_refused(tmp_path):
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("program_report", "--eps", "SANITAS", "--month", "11-2026", "--output", str(tmp_path))
