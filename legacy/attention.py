"""Which legacy attention-log line belongs to which legacy record.

The old schema's log lines (``exams_seguimiento``) carry no record id. The old application
wrote a record and its line in the same request, so the line shares the record's service
type, cycle and author and was created moments apart. The rule, applied per service type:

1. a record with a cycle is paired with a line of the same cycle whose ``created_at`` falls on
   the same day in America/Bogota, nearest ``created_at`` first;
2. what is left, where the record or the line has no cycle, is paired by same author and same
   ``created_at`` day, nearest first (this is what identifies the patient of a record saved
   without a cycle).

Each line serves at most one record. Pairs are taken in order of the time between the two
``created_at`` (ties by ids), so the outcome does not depend on reading order.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from legacy.convert import local_date


@dataclass(frozen=True)
class Entry:
    """A record or a line, reduced to what the matching looks at."""

    key: tuple  # (table, legacy id) of records; ("exams_seguimiento", id) of lines
    service: str
    ingreso_id: int | None
    author_id: int | None
    created_at: datetime.datetime

    #: the ``created_at`` day in America/Bogota, what the matching groups by (computed once)
    day: datetime.date = field(init=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "day", local_date(self.created_at))


def _pair(groups_of_records: dict, groups_of_lines: dict, matched: dict, used: set) -> None:
    for group, records in groups_of_records.items():
        lines = [line for line in groups_of_lines.get(group, ()) if line.key not in used]
        if len(records) == 1 and len(lines) == 1:  # most groups: nothing to choose between
            if records[0].key not in matched:
                matched[records[0].key] = lines[0].key
                used.add(lines[0].key)
            continue
        candidates = sorted(
            (abs((record.created_at - line.created_at).total_seconds()), record.key, line.key)
            for record in records
            if record.key not in matched
            for line in lines
        )
        for _, record_key, line_key in candidates:
            if record_key not in matched and line_key not in used:
                matched[record_key] = line_key
                used.add(line_key)


def match_lines(records: list[Entry], lines: list[Entry]) -> dict[tuple, tuple]:
    """Record key → line key, by the rule in the module docstring."""
    matched: dict[tuple, tuple] = {}
    used: set[tuple] = set()

    by_cycle: dict[tuple, list[Entry]] = defaultdict(list)
    lines_by_cycle: dict[tuple, list[Entry]] = defaultdict(list)
    for record in records:
        if record.ingreso_id is not None:
            by_cycle[(record.service, record.ingreso_id, record.day)].append(record)
    for line in lines:
        if line.ingreso_id is not None:
            lines_by_cycle[(line.service, line.ingreso_id, line.day)].append(line)
    _pair(by_cycle, lines_by_cycle, matched, used)

    by_author: dict[tuple, list[Entry]] = defaultdict(list)
    lines_by_author: dict[tuple, list[Entry]] = defaultdict(list)
    for record in records:
        if record.key not in matched:
            by_author[(record.service, record.author_id, record.day, record.ingreso_id is None)].append(
                record
            )
    for line in lines:
        if line.key not in used:
            # A record without a cycle may take any line; a record with one only a line without.
            if line.ingreso_id is None:
                lines_by_author[(line.service, line.author_id, line.day, False)].append(line)
            lines_by_author[(line.service, line.author_id, line.day, True)].append(line)
    _pair(by_author, lines_by_author, matched, used)
    return matched
