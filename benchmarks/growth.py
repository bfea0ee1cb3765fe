"""How much each page that shows rows slows down from a small data set to this one, measured
by turns on both databases.

The target compares two sizes (at most 1.5× from 1,000 to 100,000 patients). Measured in
separate runs minutes apart, a page of ~20 ms moved by ±30 % with the machine's phase alone,
enough to flip the comparison either way. Here both data sets are measured in one process,
alternately: for each page, ``rounds`` times the small one and then the large one, each turn
a warm-up and ``requests`` timed requests. A size's figure is the median of its turns' p50s,
so both sizes are taken under the same conditions.
"""

import statistics
from dataclasses import dataclass

from django.test import Client

from benchmarks import database, pages
from patients.models import Patient


@dataclass
class DataSet:
    """One benchmark database, with its signed-in client and the rows its pages point at."""

    name: str
    patients: int
    client: Client
    targets: pages.Targets

    @classmethod
    def open(cls, name: str) -> "DataSet":
        database.switch_to(name)
        client = pages.signed_in_client()
        patients = Patient.objects.count()
        return cls(name, patients, client, pages.Targets.find(patients))

    def measure(self, page: pages.Page, requests: int, warmup: int) -> float:
        database.switch_to(self.name)
        return pages.measure(self.client, page, self.targets, requests, warmup).p50


def compare(small_name: str, large_name: str, rounds: int, requests: int, warmup: int, log=print) -> dict:
    """Each rows page's p50 on both data sets, measured by turns, and their ratio. Leaves the
    connection on the large data set."""
    small, large = DataSet.open(small_name), DataSet.open(large_name)
    rows = []
    for page in pages.PAGES:
        if not page.shows_rows or page.post:
            continue
        turns = {small.name: [], large.name: []}
        for _ in range(rounds):
            for data_set in (small, large):
                turns[data_set.name].append(data_set.measure(page, requests, warmup))
        small_p50, large_p50 = (statistics.median(turns[d.name]) for d in (small, large))
        rows.append(
            {
                "página": page.name,
                "p50_pequeña_ms": round(small_p50, 1),
                "p50_ms": round(large_p50, 1),
                "relación": round(large_p50 / small_p50, 2),
            }
        )
        log(f"crecimiento · {page.name:36} {small_p50:7.1f} → {large_p50:7.1f} ms  ×{rows[-1]['relación']}")
    database.switch_to(large_name)
    return {
        "pacientes_pequeña": small.patients,
        "pacientes": large.patients,
        "rondas": rounds,
        "peticiones_por_turno": requests,
        "páginas": rows,
    }
