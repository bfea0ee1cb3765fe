"""The clinical history of one patient, timed in the original DataMed and in this project on the
same data (in process, Django's test client, SQLite, production settings: DEBUG off, the cached
template loader that Django uses by default).

    .venv/bin/python scripts/history_side_by_side.py /tmp/original [--patients 50000]

ORIGINAL is a checkout of the original (github diegolozadev/DataMed), e.g.
``git --git-dir=/work/.mirror/diegolozadev+DataMed/repo archive HEAD | tar -x -C /tmp/original``.
Nothing of it is copied into this project: everything it needs goes to ``--work``
(default ``/tmp/datamed-side-by-side``):

1. a virtual environment for the original with the versions its ``requirements.txt`` pins;
2. ``original.sqlite3``: the original's own ``migrate``, then the rows of the legacy generator
   (``legacy.sample.Generator``, the data the import is tested with) for ``--patients``
   patients, plus the measured patient (document ``TARGET_DOCUMENT``): an ACTIVO cycle with a
   basal study, three monitorings, a psychology, a nutrition and a pulmonology visit;
3. ``project.sqlite3``: this project's ``migrate``, then ``import_legacy_datamed
   original.sqlite3`` (so both hold the same patients, cycles and records);
4. the timing: ``--rounds`` rounds, each running the original then this project in its own
   process: ``--warmup`` requests, then ``--requests`` timed ones of the patient's clinical
   history, as a signed-in superuser (who sees every button in both). Reported: the median of
   the rounds' medians and the p95 of every timed request, per side, and this project's SQL
   queries.

Steps 1–3 are skipped when their output exists (``--rebuild`` redoes 2–3).
"""

import argparse
import json
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TARGET_DOCUMENT = "99000001"
#: what the original's views need to run; the rest of its requirements are its server's
ORIGINAL_PACKAGES = ("Django", "django-import-export", "whitenoise", "python-dotenv", "dj-database-url")

#: The timing, run inside each side's own Python with its own settings (argv: settings module,
#: URL pattern with {pk}, warm-up, requests, document, role). Prints one JSON line. Roles: a
#: superuser (sees every button in both; the original then names each record in its «Eliminar»
#: button, a query per row), or a clinician who is not staff (no edit buttons in the original; in
#: this project a member of «Terapia respiratoria», who edits only what they registered).
RUNNER = textwrap.dedent(
    """
    import json, os, sys, time
    os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[1]
    import django
    django.setup()
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.template import engines
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    loaders = engines["django"].engine.loaders
    assert "cached.Loader" in str(loaders), loaders  # production's template loader
    Patient = apps.get_model("patients", "Patient")
    patient = Patient.objects.get(documento=sys.argv[5])
    if sys.argv[6] == "superusuario":
        user, _ = get_user_model().objects.get_or_create(
            username="side-by-side", defaults={"is_superuser": True, "is_staff": True}
        )
    else:
        user, _ = get_user_model().objects.get_or_create(username="side-by-side-clinico")
        from django.contrib.auth.models import Group
        user.groups.add(*Group.objects.filter(name="Terapia respiratoria"))
    client = Client()
    client.force_login(user)
    url = sys.argv[2].format(pk=patient.pk)

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    for _ in range(int(sys.argv[3])):
        body = get().content
    timings, cpu = [], []
    for _ in range(int(sys.argv[4])):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        get()
    print(json.dumps({"timings": timings, "cpu": cpu, "queries": len(captured), "bytes": len(body)}))
    """
)


def _run(command: list, env: dict | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.exit(f"falló: {' '.join(map(str, command))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def original_venv(original: Path, work: Path) -> Path:
    python = work / "original-venv" / "bin" / "python"
    if python.exists():
        return python
    _run([sys.executable, "-m", "venv", str(work / "original-venv")])
    pins = [
        line.strip()
        for line in (original / "requirements.txt").read_text().splitlines()
        if re.split(r"[=<>]", line.strip())[0].lower() in {name.lower() for name in ORIGINAL_PACKAGES}
    ]
    _run([str(python), "-m", "pip", "install", "-q", *pins])
    return python


def _settings_module(work: Path, name: str, base: str, extra: str) -> None:
    """Production settings (DEBUG off unless ``--debug``), the test client's hosts allowed."""
    (work / f"{name}.py").write_text(
        f"from {base} import *  # noqa\nimport os\nDEBUG = os.environ.get('SIDE_BY_SIDE_DEBUG') == '1'\nALLOWED_HOSTS = ['testserver', '127.0.0.1']\n{extra}"
    )


def original_env(original: Path, work: Path) -> dict:
    _settings_module(
        work,
        "sbs_original_settings",
        "config.settings",
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {str(work / 'original.sqlite3')!r}}}}}\n"
        # plain static URLs on both sides (no collectstatic needed)
        "STATICFILES_STORAGE = 'django.contrib.staticfiles.storage.StaticFilesStorage'\n",
    )
    return {
        **os.environ,
        "PYTHONPATH": f"{work}:{original}",
        "DJANGO_SETTINGS_MODULE": "sbs_original_settings",
    }


def project_env(work: Path, checkout: Path = PROJECT) -> dict:
    _settings_module(
        work,
        "sbs_project_settings",
        "datamed.settings",
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "SECURE_SSL_REDIRECT = False\n",
    )
    return {
        **os.environ,
        "PYTHONPATH": f"{work}:{checkout}",
        "SECRET_KEY": "side-by-side-" + "x" * 50,
        "DATABASE_URL": f"sqlite:///{work / 'project.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "sbs_project_settings",
    }


def _target_rows(generator, staff: int) -> None:
    """The measured patient: one ACTIVO cycle with a basal study, three monitorings, one
    psychology, one nutrition and one pulmonology visit, each with its attention-log line."""
    import datetime

    start = generator.today - datetime.timedelta(days=120)
    patient = generator.add(
        "patients_patient",
        **{
            **{k: v for k, v in generator.rows["patients_patient"][0].items() if k != "id"},
            "documento": TARGET_DOCUMENT,
            "nombre": "Medida",
            "apellido": "Comparada",
        },
    )
    cycle = generator.add(
        "patients_ingreso",
        paciente_id=patient["id"],
        fecha_inicio=start.isoformat(),
        fecha_fin=None,
        estado="ACTIVO",
        motivo=None,
    )
    pick = generator.rng.random
    generator.rng.random = lambda: 0.5  # no orphan record, every log line written
    try:
        common = {"ingreso_id": cycle["id"], "registrado_por_id": staff, "_cycle": cycle["id"]}
        generator.add(
            "exams_polisomnografiabasal",
            **common,
            created_at=generator.moment(start),
            fecha_basal=(start - datetime.timedelta(days=20)).isoformat(),
            iah=32.5,
            ido=20.1,
            eficiencia=81.0,
            severidad_apnea="GRAVE",
        )
        visits = [("Monitoreo", 10), ("Monitoreo", 40), ("Monitoreo", 80)]
        visits += [("Psicologia", 30), ("Nutricion", 35), ("Neumologia", 15)]
        for service, offset in visits:
            on = start + datetime.timedelta(days=offset)
            generator.attention(service, {**common, "created_at": generator.moment(on)}, on, cycle["id"])
    finally:
        generator.rng.random = pick


def build_original(python: Path, env: dict, work: Path, patients: int, original: Path) -> None:
    database = work / "original.sqlite3"
    database.unlink(missing_ok=True)
    _run([str(python), str(original / "manage.py"), "migrate", "-v0"], env=env, cwd=original)
    sys.path.insert(0, str(PROJECT))
    try:
        from legacy import sample
    except ImportError:
        from patients.legacy import sample

    generator = sample.Generator(patients, seed=7)
    rows = generator.generate()
    _target_rows(generator, rows["auth_user"][0]["id"])
    connection = sqlite3.connect(database)
    tables = {
        name: [column[1] for column in connection.execute(f"PRAGMA table_info({name})")]  # noqa: S608
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        columns = [name for name in table_rows[0] if not name.startswith("_")]
        missing = set(columns) - set(tables[table])
        if missing:
            sys.exit(f"{table}: el original no tiene las columnas {sorted(missing)}")
        sample.insert(connection, table, [{c: row[c] for c in columns} for row in table_rows])
    connection.commit()
    connection.close()


def build_project(env: dict, work: Path) -> None:
    (work / "project.sqlite3").unlink(missing_ok=True)
    manage = [sys.executable, str(PROJECT / "manage.py")]
    _run([*manage, "migrate", "-v0"], env=env, cwd=PROJECT)
    output = _run([*manage, "import_legacy_datamed", str(work / "original.sqlite3")], env=env, cwd=PROJECT)
    (work / "import-report.txt").write_text(output)


def time_side(python: Path, env: dict, cwd: Path, url: str, warmup: int, requests: int, role: str) -> dict:
    runner = [str(python), "-c", RUNNER, env["DJANGO_SETTINGS_MODULE"], url, str(warmup), str(requests)]
    return json.loads(_run([*runner, TARGET_DOCUMENT, role], env=env, cwd=cwd).strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    """Nearest rank (the p95 of 100 values is the 95th smallest)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def _figures(results: list[dict]) -> dict:
    """Median of the rounds' medians and p95 of every timed request, wall clock and CPU of the
    process (the CPU time is steadier on a shared machine)."""
    every = [t for result in results for t in result["timings"]]
    every_cpu = [t for result in results for t in result["cpu"]]
    return {
        "p50_ms": round(statistics.median(statistics.median(r["timings"]) for r in results), 2),
        "p95_ms": round(percentile(every, 0.95), 2),
        "cpu_p50_ms": round(statistics.median(statistics.median(r["cpu"]) for r in results), 2),
        "cpu_p95_ms": round(percentile(every_cpu, 0.95), 2),
        "consultas": results[-1]["queries"],
        "bytes": results[-1]["bytes"],
        "medianas_por_turno": [round(statistics.median(r["timings"]), 2) for r in results],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("original", type=Path, help="checkout of the original DataMed")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "datamed-side-by-side")
    parser.add_argument("--patients", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--role",
        choices=["superusuario", "clinico"],
        default="superusuario",
        help="who reads the history: a superuser, or a clinician who is not staff",
    )
    parser.add_argument(
        "--debug", action="store_true", help="DEBUG on in both (development settings) instead of production's"
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate both databases")
    parser.add_argument(
        "--checkout",
        type=Path,
        action="append",
        default=[],
        help="another checkout of this project to time on the same database (e.g. before a change)",
    )
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    original, work = args.original.resolve(), args.work.resolve()
    os.environ["SIDE_BY_SIDE_DEBUG"] = "1" if args.debug else "0"
    work.mkdir(parents=True, exist_ok=True)

    python = original_venv(original, work)
    env_original, env_project = original_env(original, work), project_env(work)
    if args.rebuild or not (work / "original.sqlite3").exists():
        began = time.monotonic()
        build_original(python, env_original, work, args.patients, original)
        print(f"base del original: {args.patients} pacientes en {time.monotonic() - began:.0f} s", flush=True)
    if args.rebuild or not (work / "project.sqlite3").exists():
        began = time.monotonic()
        build_project(env_project, work)
        print(f"importada al proyecto en {time.monotonic() - began:.0f} s", flush=True)

    url = "/exams/patients/{pk}/clinical/"  # the same path in both
    sides = {"original": (python, env_original, original)}
    sides["proyecto"] = (Path(sys.executable), env_project, PROJECT)
    for checkout in args.checkout:  # e.g. this project before a change, with its own code
        checkout = checkout.resolve()
        sides[f"proyecto ({checkout})"] = (Path(sys.executable), project_env(work, checkout), checkout)
    rounds: dict[str, list[dict]] = {name: [] for name in sides}
    for number in range(1, args.rounds + 1):
        for name, (side_python, env, cwd) in sides.items():
            result = time_side(side_python, env, cwd, url, args.warmup, args.requests, args.role)
            rounds[name].append(result)
            print(
                f"turno {number} {name}: p50 {statistics.median(result['timings']):.1f} ms "
                f"(CPU {statistics.median(result['cpu']):.1f} ms)",
                flush=True,
            )
    figures = {name: _figures(results) for name, results in rounds.items()}
    for name in list(figures)[1:]:
        figures[name]["veces_mas_rapido_que_el_original"] = round(
            figures["original"]["p50_ms"] / figures[name]["p50_ms"], 2
        )
        figures[name]["veces_mas_rapido_en_cpu"] = round(
            figures["original"]["cpu_p50_ms"] / figures[name]["cpu_p50_ms"], 2
        )
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
