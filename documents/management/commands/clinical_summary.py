"""Write the PDF summary of a patient's cycle to a file.

python manage.py clinical_summary CC:63555111 --output resumen.pdf [--ciclo 12] [--usuario ana]
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from documents import pdf, selectors, services
from documents.management.patients import patient_by_document
from users.templatetags.people import display_name


class Command(BaseCommand):
    help = "Genera el resumen clínico en PDF de un ciclo de un paciente."

    def add_arguments(self, parser):
        parser.add_argument("paciente", help="TIPO:DOCUMENTO del paciente, p. ej. CC:63555111")
        parser.add_argument("--ciclo", help="id del ciclo (por defecto el activo, o el más reciente)")
        parser.add_argument("--output", required=True, help="archivo PDF que se escribe")
        parser.add_argument("--papel", choices=sorted(pdf.PAPERS), default="a4")
        parser.add_argument(
            "--usuario",
            help="usuario para quien se genera: figura en el pie y la consulta queda registrada",
        )

    def handle(self, *args, **options):
        patient = patient_by_document(options["paciente"])
        user = None
        if options["usuario"]:
            user = get_user_model().objects.filter(username=options["usuario"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario {options['usuario']}.")
        summary = selectors.cycle_summary(patient, options["ciclo"])
        if options["ciclo"] and (summary.ingreso is None or str(summary.ingreso.pk) != options["ciclo"]):
            raise CommandError(f"El paciente {options['paciente']} no tiene el ciclo {options['ciclo']}.")
        if user is not None:
            services.log_summary_opening(user, patient, summary.ingreso)
        generated_by = display_name(user) if user else "consola (manage.py clinical_summary)"
        body = pdf.render_summary(summary, generated_by, paper=options["papel"])
        Path(options["output"]).write_bytes(body)
        self.stdout.write(
            f"{options['output']}: {summary.record_count} registros, {len(body) / 1024:.0f} KB."
        )
