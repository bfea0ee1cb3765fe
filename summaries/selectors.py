"""The cycle's kept columns recomputed with the ORM, from every app's declaration."""

from django.db.models import F, Q

from patients.models import Ingreso
from summaries.triggers import GROUPS


def cycle_summaries() -> dict:
    """What ``Ingreso``'s kept columns must hold, as ORM expressions over the cycle's rows (each
    app's, ``<app>/cycle_summary.py``). The database's triggers keep them (``triggers.py``, the
    same definitions in SQL); these recompute and verify them (``manage.py
    refresh_cycle_summaries``)."""
    return {name: expression for group in GROUPS for name, expression in group.expressions().items()}


def stale_cycle_summaries():
    """Cycles whose stored summaries differ from their recomputation (empty when all agree)."""
    summaries = cycle_summaries()
    expected = {f"esperado_{name}": expression for name, expression in summaries.items()}
    differs = Q()
    for name in summaries:
        stored, wanted = name, f"esperado_{name}"
        differs |= (
            Q(**{f"{stored}__lt": F(wanted)})
            | Q(**{f"{stored}__gt": F(wanted)})
            | Q(**{f"{stored}__isnull": True, f"{wanted}__isnull": False})
            | Q(**{f"{stored}__isnull": False, f"{wanted}__isnull": True})
        )
    return Ingreso.objects.annotate(**expected).filter(differs).order_by("id")
