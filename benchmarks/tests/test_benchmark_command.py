"""``manage.py benchmark`` runs end to end at a tiny scale, so it cannot rot unnoticed.

It runs in a separate process, as it is used: it creates its own database (a SQLite file in
a temporary DATA_DIR, or a ``bench_…`` database on the PostgreSQL server of DATABASE_URL).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from benchmarks.pages import PAGES


def _benchmark(tmp_path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "datamed.settings"}
    command = [sys.executable, "manage.py", "benchmark", *arguments]
    return subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _database_name() -> list[str]:
    """On PostgreSQL, a database of the test's own (the server may hold real benchmark ones)."""
    if connection.vendor == "postgresql":
        return ["--database-name", f"bench_smoke_{settings.DATABASES['default']['NAME']}"]
    return []


def test_benchmark_generates_measures_and_writes_markdown_and_json(tmp_path):
    output = tmp_path / "resultados" / "pequeno"
    finished = _benchmark(
        tmp_path,
        "--patients",
        "30",
        "--requests",
        "2",
        "--warmup",
        "1",
        "--output",
        str(output),
        *_database_name(),
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    results = json.loads(Path(f"{output}.json").read_text(encoding="utf-8"))
    assert results["datos"]["pacientes"] == 30
    assert [row["página"] for row in results["páginas"]] == [page.name for page in PAGES]
    assert all(row["p95_ms"] >= row["p50_ms"] > 0 for row in results["páginas"])
    markdown = Path(f"{output}.md").read_text(encoding="utf-8")
    assert "| tablero |" in markdown and "p95 ms" in markdown


def _ratio_agrees_with_rounded_times(row) -> bool:
    """The ratio is computed from the unrounded times and rounded to 0.01; the times are shown
    rounded to 0.1 ms. So the ratio must lie within the range the rounded times allow (each
    time within ±0.05 ms of its shown value), widened by the ratio's own rounding."""
    small, large = row["p50_pequeña_ms"], row["p50_ms"]
    lowest = (large - 0.05) / (small + 0.05)
    highest = (large + 0.05) / max(small - 0.05, 1e-9)
    return lowest - 0.005 <= row["relación"] <= highest + 0.005


def test_growth_is_measured_by_turns_against_a_smaller_data_set(tmp_path):
    small = _benchmark(tmp_path, "--patients", "12", "--requests", "1", "--warmup", "0")
    assert small.returncode == 0, small.stderr[-2000:]
    output = tmp_path / "crecimiento"
    arguments = ["--patients", "30", "--requests", "1", "--warmup", "0", "--output", str(output)]
    finished = _benchmark(
        tmp_path, *arguments, "--growth-from", "12", "--growth-rounds", "2", *_database_name()
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    growth = json.loads(Path(f"{output}.json").read_text(encoding="utf-8"))["crecimiento"]
    assert (growth["pacientes_pequeña"], growth["pacientes"], growth["rondas"]) == (12, 30, 2)
    rows_pages = [page.name for page in PAGES if page.shows_rows and not page.post]
    assert [row["página"] for row in growth["páginas"]] == rows_pages
    for row in growth["páginas"]:
        assert row["p50_pequeña_ms"] > 0 and row["p50_ms"] > 0
        assert _ratio_agrees_with_rounded_times(row)
    assert "Crecimiento medido por turnos" in Path(f"{output}.md").read_text(encoding="utf-8")


def test_growth_needs_the_smaller_data_set_generated_first(tmp_path):
    finished = _benchmark(tmp_path, "--patients", "30", "--growth-from", "7", *_database_name())
    assert finished.returncode != 0
    assert "genérela antes con --patients 7" in finished.stderr
