"""``manage.py benchmark_rips [--patients 100000] [--attentions 150000] [--measure-only]``

Writes a month of a program of that size into the configured database (use a scratch
database: the rows stay, so the measurement can be repeated with ``--measure-only``), then
times ``export_rips`` for it in a child process and reports seconds and peak memory."""

import calendar
import json

from django.core.management.base import BaseCommand

from patients.models import today
from rips import benchmark


class Command(BaseCommand):
    help = "Mide la generación del RIPS de un mes a escala de programa (tiempo y memoria máxima)."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=100_000)
        parser.add_argument("--attentions", type=int, default=150_000)
        parser.add_argument("--measure-only", action="store_true", help="medir sin generar datos")

    def handle(self, *args, patients, attentions, measure_only, **options):
        current = today()
        year, month = (current.year, current.month - 1) if current.month > 1 else (current.year - 1, 12)
        start = current.replace(year=year, month=month, day=1)
        end = start.replace(day=calendar.monthrange(year, month)[1])
        if not measure_only:
            benchmark.build_month(patients, attentions, start, progress=self.stdout.write)
        figures = benchmark.measure(start, end)
        self.stdout.write(json.dumps({"month": f"{start:%Y-%m}", **figures}, ensure_ascii=False))
