"""The monthly program report of an EPS, as files (SPEC §11), and issuing it from the console.

python manage.py program_report --eps SANITAS --month 2026-11 --output DIR
python manage.py program_report --eps SANITAS --month 2026-11 --issue --usuario ana --output DIR

Without ``--issue`` it writes a draft (the figures as the data stand now). With ``--issue`` it
issues the month as the page does (a new version when the figures changed since the last one)
and writes the issued files, byte for byte as stored; an issue records who issued it, so it
takes ``--usuario`` (someone who may issue reports).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from datamed.exceptions import StateConflict
from patients.choices import EntidadSalud
from reports import figures as labelled
from reports import rendering, services
from reports.models import ISSUE_REPORT, EmisionInforme
from reports.months import Month


class Command(BaseCommand):
    help = "Genera (y con --issue emite) el informe mensual del programa de una EPS."

    def add_arguments(self, parser):
        parser.add_argument("--eps", required=True, choices=EntidadSalud.values)
        parser.add_argument("--month", required=True, help="mes AAAA-MM (calendario de Bogotá)")
        parser.add_argument("--output", required=True, help="carpeta donde se escriben los archivos")
        parser.add_argument("--issue", action="store_true", help="emite el mes (guarda una versión)")
        parser.add_argument("--usuario", help="usuario que emite (obligatorio con --issue)")

    def handle(self, *args, **options):
        try:
            month = Month.parse(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        eps = options["eps"]
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        if options["issue"]:
            report = self._issue(eps, month, options["usuario"])
            figures, stem = report.cifras, Path(report.filename("pdf")).stem
            files = {fmt: report.file(fmt)[0] for fmt in ("pdf", "xlsx")}
        else:
            figures = services.draft(eps, month).figures
            stem = Path(rendering.filename(eps, month, "pdf")).stem
            now = timezone.now()
            generated_by = "consola (manage.py program_report)"
            files = {
                "pdf": rendering.render_pdf(figures, generated_by=generated_by, generated_at=now),
                "xlsx": rendering.render_xlsx(figures, generated_by=generated_by, generated_at=now),
            }
        files["json"] = json.dumps(figures, ensure_ascii=False, indent=2).encode()
        for fmt, body in files.items():
            (output / f"{stem}.{fmt}").write_bytes(body)
            self.stdout.write(f"{output / f'{stem}.{fmt}'}: {len(body) / 1024:.0f} KB")
        for row in labelled.rows(figures):
            self.stdout.write(f"  {row.label}: {row.display}")

    def _issue(self, eps: str, month: Month, username: str | None) -> EmisionInforme:
        if not username:
            raise CommandError("Para emitir indique quién emite: --usuario NOMBRE_DE_USUARIO.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No existe el usuario {username}.")
        if not user.has_perm(ISSUE_REPORT):
            raise CommandError(
                f"El usuario {username} no puede emitir informes (Coordinador o Administrador)."
            )
        try:
            report = services.issue_report(eps, month, user)
        except StateConflict as error:
            report = EmisionInforme.objects.of_month(eps, month).order_by("-version").first()
            self.stdout.write(
                f"{' '.join(error.messages)} Se escriben los archivos de la versión {report.version}."
            )
            return report
        self.stdout.write(f"Emitida la versión {report.version} (SHA-256 del PDF {report.pdf_sha256}).")
        return report
