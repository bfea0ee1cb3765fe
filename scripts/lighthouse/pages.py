"""Print, as JSON, the pages the Lighthouse run measures: [{"name", "path"}] on the demo data.

Run with the settings of the server being measured (same DATABASE_URL), after ``seed_demo``.
A page whose URL name does not exist in this version of DataMed is left out, so the list can
name pages of apps that are added later.
"""

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datamed.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from exams.registry import RECORD_TYPES  # noqa: E402
from patients.models import Patient  # noqa: E402


def demo_patient() -> Patient:
    """The demo patient with the most clinical records: the heaviest clinical history."""
    return (
        Patient.objects.annotate(records=Count("ingresos__seguimientos")).order_by("-records", "pk").first()
    )


def pages() -> list[dict]:
    patient = demo_patient()
    own_page_types = [rt for rt in RECORD_TYPES if rt.tab_of is None]
    wanted = [
        ("inicio de sesión", "users:login", {}),
        ("tablero", "dashboard:index", {}),
        ("pacientes activos", "patients:list", {}),
        ("seguimiento de ciclos", "patients:follow", {}),
        ("nuevo paciente", "patients:create", {}),
        ("ficha del paciente", "patients:detail", {"pk": patient.pk}),
        ("historia clínica", "exams:clinical", {"patient_id": patient.pk}),
        *[
            (
                f"registrar {rt.label.lower()}",
                "exams:register",
                {"patient_id": patient.pk, "record_type": rt.slug},
            )
            for rt in own_page_types
        ],
        ("informe de accesos", "users:access_report", {"patient_id": patient.pk}),
        ("mis sesiones", "users:sessions", {}),
        # Pages of apps being added (measured once they exist).
        ("lista de trabajo", "careplan:worklist", {}),
        ("informes", "reports:index", {}),
        ("RIPS", "rips:index", {}),
    ]
    found = []
    for name, view, kwargs in wanted:
        try:
            found.append({"name": name, "path": reverse(view, kwargs=kwargs)})
        except NoReverseMatch:
            continue
    return found


if __name__ == "__main__":
    json.dump(pages(), sys.stdout, ensure_ascii=False)
