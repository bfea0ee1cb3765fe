"""``manage.py export_rips --eps SANITAS --desde 2026-11-01 --hasta 2026-11-30 --factura FE123
[--output FILE]``: the RIPS of an EPS and a period (Res. 2275 de 2023), validated first.

With problems, nothing is written: each problem is printed and the command fails."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from patients.choices import EntidadSalud
from rips import generator


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Fecha no válida: {value} (use AAAA-MM-DD).") from error


class Command(BaseCommand):
    help = "Genera el RIPS en JSON (Res. 2275 de 2023) de una EPS y un periodo, validado antes de escribirlo."

    def add_arguments(self, parser):
        parser.add_argument("--eps", required=True, choices=EntidadSalud.values)
        parser.add_argument("--desde", required=True, type=_date)
        parser.add_argument("--hasta", required=True, type=_date)
        parser.add_argument("--factura", required=True, help="Número de la factura electrónica (numFactura).")
        parser.add_argument(
            "--output", help="Archivo de salida (por omisión, el nombre del RIPS en la carpeta actual)."
        )

    def handle(self, *args, eps, desde, hasta, factura, output, **options):
        period = generator.Period(eps=eps, desde=desde, hasta=hasta, factura=factura)
        path = output or generator.file_name(period)
        result = generator.generate_to_path(period, path)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"El RIPS tiene {len(result.problems)} problema(s): no se escribió nada.")
        self.stdout.write(
            f"RIPS escrito en {path}: {result.usuarios} usuario(s), {result.servicios} servicio(s)."
        )
        sys.stdout.flush()
