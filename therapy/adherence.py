"""The adherence rule engine: pure functions over a cycle's nightly minutes (SPEC §8).

The initial period counts from the start of *therapy*, not from the cycle's start (SPEC §8):
the day the device was delivered (the cycle's equipment record) or, without one, the first
night with data, whichever is earlier (``therapy_start``). A patient admitted on day 0 who
receives the device on day 60 has the 90 days from day 60, not the 30 left of the cycle's
first 90: the program's own delay must not count against the patient. US Medicare's rule, the
reference these defaults follow, likewise counts "the first 90 days of initial usage".

A night *counts* when its minutes of use reach the rule's hours. A window of ``ventana``
consecutive nights *meets* the rule when at least ``noches_requeridas`` of its nights count
(70 % of 30 → 21). The verdict combines two checks:

- the initial rule: some window lying wholly within the first ``dias_iniciales`` days of
  therapy meets the rule (a window that straddles day 90 does not count);
- the last window: the ``ventana`` nights ending at the latest night with data meet the rule.

Verdicts:

- **sin datos**: the cycle has no nights from a device (a delivery alone gives no verdict);
- **cumple**: the initial rule was met and the last window meets it too;
- **en riesgo**: the initial rule was met but the last window fails (adherence is slipping),
  or the initial period is still open (it has not ended by the calendar nor been covered by
  data) and a window within it can still be completed with the nights not yet recorded;
- **no cumple**: the initial period is over (or can no longer be completed) without a
  window meeting the rule.

Nights without a row inside a window count as not used (the device records unused days).
"""

import datetime
from dataclasses import dataclass

from patients.choices import Veredicto

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    minutes_per_night: int
    nights_required: int
    window: int
    initial_days: int

    @classmethod
    def from_model(cls, regla) -> "Rule":
        return cls(regla.minutos_noche, regla.noches_requeridas, regla.ventana_noches, regla.dias_iniciales)


def therapy_start(delivered: datetime.date | None, first_night: datetime.date | None) -> datetime.date | None:
    """The day therapy started: the device's delivery or the first night with data, whichever
    is earlier; ``None`` when the cycle has neither."""
    return min((day for day in (delivered, first_night) if day is not None), default=None)


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    last_night: datetime.date | None = None
    nights_with_data: int = 0
    initial_met: bool = False
    initial_best_nights: int = 0
    initial_best_start: datetime.date | None = None
    last_window_nights: int = 0
    last_window_start: datetime.date | None = None


def _counting_nights(rule: Rule, minutes: dict[datetime.date, int]) -> set[datetime.date]:
    return {night for night, used in minutes.items() if used >= rule.minutes_per_night}


def _count_in(counting: set[datetime.date], start: datetime.date, length: int) -> int:
    return sum(1 for offset in range(length) if start + offset * ONE_DAY in counting)


def _best_initial_window(rule: Rule, start: datetime.date, counting: set) -> tuple[int, datetime.date]:
    """The window within the first days holding the most counting nights (earliest on ties)."""
    best, best_start = -1, start
    for offset in range(rule.initial_days - rule.window + 1):
        window_start = start + offset * ONE_DAY
        nights = _count_in(counting, window_start, rule.window)
        if nights > best:
            best, best_start = nights, window_start
    return best, best_start


def _still_reachable(rule: Rule, start: datetime.date, counting: set, last: datetime.date) -> bool:
    """Whether a window within the first days can still meet the rule if every night after
    ``last`` (not yet recorded) counted."""
    for offset in range(rule.initial_days - rule.window + 1):
        window_start = start + offset * ONE_DAY
        window_end = window_start + (rule.window - 1) * ONE_DAY
        unknown = max(0, (window_end - max(last, window_start - ONE_DAY)).days)
        if _count_in(counting, window_start, rule.window) + unknown >= rule.nights_required:
            return True
    return False


def evaluate(
    rule: Rule, start: datetime.date | None, minutes: dict[datetime.date, int], on: datetime.date
) -> Evaluation:
    """Verdict of one cycle from its minutes of use per night, with the initial period counted
    from ``start``, the therapy start (``therapy_start``; nights before it are ignored)."""
    if start is None:
        return Evaluation(Veredicto.SIN_DATOS)
    minutes = {night: used for night, used in minutes.items() if night >= start}
    if not minutes:
        return Evaluation(Veredicto.SIN_DATOS)
    counting = _counting_nights(rule, minutes)
    last = max(minutes)
    best, best_start = _best_initial_window(rule, start, counting)
    last_start = last - (rule.window - 1) * ONE_DAY
    last_nights = _count_in(counting, last_start, rule.window)
    initial_met = best >= rule.nights_required
    initial_end = start + (rule.initial_days - 1) * ONE_DAY
    initial_open = last < initial_end and on <= initial_end
    if initial_met:
        verdict = Veredicto.CUMPLE if last_nights >= rule.nights_required else Veredicto.EN_RIESGO
    elif initial_open and _still_reachable(rule, start, counting, last):
        verdict = Veredicto.EN_RIESGO
    else:
        verdict = Veredicto.NO_CUMPLE
    return Evaluation(
        verdict=verdict,
        last_night=last,
        nights_with_data=len(minutes),
        initial_met=initial_met,
        initial_best_nights=best,
        initial_best_start=best_start,
        last_window_nights=last_nights,
        last_window_start=last_start,
    )
