"""Write a patient as a FHIR R4 Bundle (JSON) to a file.

python manage.py export_fhir CC:63555111 --output paciente.json [--usuario ana]
"""

import json
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from documents import fhir, selectors, services
from documents.management.patients import patient_by_document


class Command(BaseCommand):
    help = "Exporta un paciente como Bundle FHIR R4 (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("paciente", help="TIPO:DOCUMENTO del paciente, p. ej. CC:63555111")
        parser.add_argument("--output", required=True, help="archivo JSON que se escribe")
        parser.add_argument("--usuario", help="usuario para quien se exporta: la consulta queda registrada")

    def handle(self, *args, **options):
        patient = patient_by_document(options["paciente"])
        if options["usuario"]:
            user = get_user_model().objects.filter(username=options["usuario"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario {options['usuario']}.")
            services.log_fhir_export(user, patient)
        bundle = fhir.patient_bundle(selectors.patient_record(patient))
        Path(options["output"]).write_text(json.dumps(bundle, ensure_ascii=False, indent=2), encoding="utf-8")
        kinds = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
        self.stdout.write(
            f"{options['output']}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        )
