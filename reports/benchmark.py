"""How long the monthly program report takes on a generated program (the benchmark's own data
set and database, ``benchmarks``): the figures of each EPS for the last complete month
(the queries, measured best of ``rounds``), the page's draft PDF and .xlsx, and issuing.

``manage.py benchmark_program_report --patients 100000 [--reuse]``.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patients.choices import EntidadSalud
from patients.models import Ingreso, Patient
from reports import rendering, selectors, services
from reports.forms import default_month


class _Rollback(Exception):
    pass


def _timed(call, rounds: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return times, result


def measure(rounds: int = 3, month=None) -> dict:
    """The report's timings on the current database (which holds a generated program)."""
    month = month or default_month()
    results = {
        "base": connection.vendor,
        "pacientes": Patient.objects.count(),
        "ciclos": Ingreso.objects.count(),
        "mes": str(month),
        "por_eps": {},
    }
    for eps in EntidadSalud.values:
        with CaptureQueriesContext(connection) as captured:
            selectors.program_figures(eps, month)
        times, figures = _timed(lambda eps=eps: selectors.program_figures(eps, month), rounds)
        month_only, _ = _timed(
            lambda eps=eps: selectors.program_figures(eps, month, with_trend=False), rounds
        )
        now = timezone.now()
        pdf_times, pdf = _timed(
            lambda f=figures, at=now: rendering.render_pdf(f, generated_by="benchmark", generated_at=at),
            rounds,
        )
        xlsx_times, _ = _timed(
            lambda f=figures, at=now: rendering.render_xlsx(f, generated_by="benchmark", generated_at=at),
            rounds,
        )
        results["por_eps"][eps] = {
            "consultas": len(captured),
            "cifras_con_tendencia_s": {"mejor": min(times), "mediana": statistics.median(times)},
            "cifras_del_mes_s": {"mejor": min(month_only), "mediana": statistics.median(month_only)},
            "pdf_s": min(pdf_times),
            "pdf_kb": round(len(pdf) / 1024),
            "xlsx_s": min(xlsx_times),
            "ciclos_activos_fin": figures["pacientes_activos_fin"],
            "atenciones": figures["atenciones"]["total"],
            "monitoreados": figures["monitoreo"]["ciclos_monitoreados"],
        }
    results["emitir_s"] = _issue_time(month)
    return results


def _issue_time(month) -> float:
    """Issuing one month (figures, both files, the row), rolled back."""
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark-informes", defaults={"is_superuser": True}
    )
    started = time.perf_counter()
    try:
        with transaction.atomic():
            services.issue_report(EntidadSalud.values[0], month, user)
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def markdown(results: dict) -> str:
    lines = [
        f"Informe mensual del programa · {results['base']} · {results['pacientes']} pacientes, "
        f"{results['ciclos']} ciclos · mes {results['mes']}",
        "",
        "| EPS | consultas | cifras + tendencia (mejor / mediana) | solo el mes | PDF | Excel | activos | atenciones | monitoreados |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for eps, row in results["por_eps"].items():
        lines.append(
            f"| {eps} | {row['consultas']} | {row['cifras_con_tendencia_s']['mejor']:.2f} s / "
            f"{row['cifras_con_tendencia_s']['mediana']:.2f} s | {row['cifras_del_mes_s']['mejor']:.2f} s | "
            f"{row['pdf_s']:.2f} s ({row['pdf_kb']} KB) | {row['xlsx_s']:.2f} s | {row['ciclos_activos_fin']} | "
            f"{row['atenciones']} | {row['monitoreados']} |"
        )
    lines += ["", f"Emitir un mes (cifras, PDF, Excel y la fila): {results['emitir_s']:.2f} s."]
    return "\n".join(lines)
