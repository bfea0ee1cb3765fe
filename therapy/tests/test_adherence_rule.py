"""The rule engine on hand-computed cases (default rule: ≥ 4 h on 21 of 30 nights within
the first 90 days, and over the last window)."""

import datetime

from patients.choices import Veredicto
from therapy.adherence import Rule, evaluate

RULE = Rule(minutes_per_night=240, nights_required=21, window=30, initial_days=90)
START = datetime.date(2026, 1, 1)
LONG_AFTER = datetime.date(2026, 12, 31)


def nights(pattern: dict[range, int]) -> dict[datetime.date, int]:
    """Minutes per night from {range of cycle days: minutes}."""
    return {START + datetime.timedelta(days=d): minutes for days, minutes in pattern.items() for d in days}


def test_twenty_one_of_thirty_nights_meets_the_rule():
    result = evaluate(RULE, START, nights({range(0, 21): 240, range(21, 30): 0}), LONG_AFTER)
    assert result.verdict == Veredicto.CUMPLE
    assert (result.initial_best_nights, result.last_window_nights) == (21, 21)
    assert result.initial_best_start == START


def test_twenty_of_thirty_nights_does_not():
    result = evaluate(RULE, START, nights({range(0, 20): 300, range(20, 30): 0}), LONG_AFTER)
    assert result.verdict == Veredicto.NO_CUMPLE
    assert result.initial_best_nights == 20 and not result.initial_met


def test_three_hours_fifty_nine_does_not_count():
    result = evaluate(RULE, START, nights({range(0, 30): 239}), LONG_AFTER)
    assert result.initial_best_nights == 0 and result.verdict == Veredicto.NO_CUMPLE


def test_a_window_straddling_day_90_does_not_meet_the_initial_rule():
    # Thirty good nights on days 75–104: only 15 of them lie within the first 90 days.
    result = evaluate(RULE, START, nights({range(0, 75): 0, range(75, 105): 300}), LONG_AFTER)
    assert result.initial_best_nights == 15
    assert result.last_window_nights == 30
    assert result.verdict == Veredicto.NO_CUMPLE


def test_met_early_then_slipping_is_at_risk():
    # Good nights on days 60–89 (inside the first 90 days), then nothing until day 104.
    result = evaluate(
        RULE, START, nights({range(0, 60): 0, range(60, 90): 300, range(90, 105): 0}), LONG_AFTER
    )
    assert result.initial_met and result.initial_best_start == START + datetime.timedelta(days=60)
    assert result.last_window_nights == 15
    assert result.verdict == Veredicto.EN_RIESGO


def test_inside_the_first_days_and_still_reachable_is_at_risk():
    on = START + datetime.timedelta(days=20)
    result = evaluate(RULE, START, nights({range(0, 20): 300}), on)
    assert not result.initial_met
    assert result.verdict == Veredicto.EN_RIESGO


def test_inside_the_first_days_but_out_of_reach_does_not_meet():
    # 80 unused nights: the ten nights left before day 90 cannot make 21.
    on = START + datetime.timedelta(days=80)
    result = evaluate(RULE, START, nights({range(0, 80): 0}), on)
    assert result.verdict == Veredicto.NO_CUMPLE


def test_without_nights_there_is_no_verdict():
    assert evaluate(RULE, START, {}, LONG_AFTER).verdict == Veredicto.SIN_DATOS
    before = {START - datetime.timedelta(days=1): 400}
    assert evaluate(RULE, START, before, LONG_AFTER).verdict == Veredicto.SIN_DATOS


def test_missing_nights_inside_a_window_count_as_unused():
    # 25 good nights with five nights missing from the card still meet 21 of 30.
    pattern = {range(0, 10): 300, range(15, 30): 300}
    result = evaluate(RULE, START, nights(pattern), LONG_AFTER)
    assert result.initial_best_nights == 25 and result.nights_with_data == 25
    assert result.verdict == Veredicto.CUMPLE
