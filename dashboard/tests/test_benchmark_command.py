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

from dashboard.benchmark.pages import PAGES


def test_benchmark_generates_measures_and_writes_markdown_and_json(tmp_path):
    output = tmp_path / "resultados" / "pequeno"
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "datamed.settings"}
    command = [
        sys.executable,
        "manage.py",
        "benchmark",
        "--patients",
        "30",
        "--requests",
        "2",
        "--warmup",
        "1",
    ]
    command += ["--output", str(output)]
    if connection.vendor == "postgresql":
        command += ["--database-name", f"bench_smoke_{settings.DATABASES['default']['NAME']}"]
    finished = subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    results = json.loads(Path(f"{output}.json").read_text(encoding="utf-8"))
    assert results["datos"]["pacientes"] == 30
    assert [row["página"] for row in results["páginas"]] == [page.name for page in PAGES]
    assert all(row["p95_ms"] >= row["p50_ms"] > 0 for row in results["páginas"])
    markdown = Path(f"{output}.md").read_text(encoding="utf-8")
    assert "| tablero |" in markdown and "p95 ms" in markdown
