"""The rule pairing legacy records with their attention-log lines (legacy.attention)."""

import datetime

from legacy.attention import Entry, match_lines


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 3, day, hour, minute, tzinfo=datetime.UTC)


def record(id_, when, ingreso=1, author=7, service="Monitoreo") -> Entry:
    return Entry(("exams_monitoreo", id_), service, ingreso, author, when)


def line(id_, when, ingreso=1, author=7, service="Monitoreo") -> Entry:
    return Entry(("exams_seguimiento", id_), service, ingreso, author, when)


def test_the_nearest_line_of_the_same_cycle_and_day_wins_and_serves_one_record():
    records = [record(1, at(5, 15)), record(2, at(5, 16))]
    lines = [line(10, at(5, 16, 1)), line(11, at(5, 15, 1))]
    assert match_lines(records, lines) == {
        ("exams_monitoreo", 1): ("exams_seguimiento", 11),
        ("exams_monitoreo", 2): ("exams_seguimiento", 10),
    }


def test_a_line_of_another_cycle_service_or_day_is_not_taken():
    records = [record(1, at(5, 15))]
    lines = [line(10, at(5, 15), ingreso=2), line(11, at(5, 15), service="Psicologia"), line(12, at(6, 15))]
    assert match_lines(records, lines) == {}


def test_the_bogota_day_counts_not_the_utc_day():
    """02:00 UTC on the 6th is 21:00 on the 5th in Bogotá."""
    assert match_lines([record(1, at(5, 15))], [line(10, at(6, 2))]) == {
        ("exams_monitoreo", 1): ("exams_seguimiento", 10)
    }


def test_a_record_without_cycle_takes_the_same_authors_line_of_that_day():
    orphan = record(1, at(5, 15), ingreso=None)
    lines = [line(10, at(5, 15), author=8), line(11, at(5, 15, 2), ingreso=4)]
    assert match_lines([orphan], lines) == {("exams_monitoreo", 1): ("exams_seguimiento", 11)}
