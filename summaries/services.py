"""Writes of the cycle's kept columns: only a repair, the database keeps them on every write."""

from patients.models import Ingreso
from summaries.selectors import cycle_summaries


def refresh_cycle_summaries(ingreso_ids=None) -> int:
    """Recompute the kept columns of the given cycles (every cycle when ``None``) in one UPDATE
    (``manage.py refresh_cycle_summaries``). The database keeps them on every write
    (``triggers.py``): this repairs what a write that skipped the triggers left (SQL run with the
    triggers dropped, a restored copy). Returns the rows updated."""
    cycles = Ingreso.objects.all() if ingreso_ids is None else Ingreso.objects.filter(pk__in=ingreso_ids)
    return cycles.update(**cycle_summaries())
