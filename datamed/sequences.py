"""Sequences that ``django.core.paginator.Paginator`` can page without one big sorted query."""

from collections.abc import Callable
from functools import cached_property

from django.db.models import QuerySet


class Counted:
    """A queryset paged with a count known another way (e.g. the database's cycle counts), so
    the paginator does not count the rows themselves."""

    more_than_shown = False  # every row is listed (see ``LimitedMatches``)

    def __init__(self, rows: QuerySet, count: Callable[[], int]):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        return list(self.rows[window])


class LimitedMatches:
    """A search's matches, at most ``limit`` of them (the most recently created), paged in
    ``rows``' order, with whether more matched.

    Showing every match of a frequent word in name order means reading and sorting all of
    them on every page, and counting them all: the cost grows with the program. Here the
    matches are taken newest first and stop at ``limit`` + 1 (to know whether there are
    more), so a page never reads more than that. ``rows`` gives the order and the columns of
    what is shown; it is filtered by the matches' keys in its field ``key`` (e.g. the cycles
    of the matching patients: ``key="paciente_id"``).

    The shown keys are put in order without a ``LIMIT`` and the page is cut from them here:
    with a ``LIMIT``, PostgreSQL prefers walking the whole name index looking for the keys.
    """

    def __init__(self, matches: QuerySet, rows: QuerySet, limit: int, key: str = "pk"):
        self.limit, self.key = limit, key
        self.newest = matches.prefetch_related(None).order_by("-pk").values_list("pk", flat=True)
        self.rows = rows

    @cached_property
    def _found(self) -> list:
        """The newest matches' keys, up to ``limit`` + 1: one query, whichever page is shown."""
        return list(self.newest[: self.limit + 1])

    @property
    def more_than_shown(self) -> bool:
        return len(self._found) > self.limit

    def count(self) -> int:
        return min(len(self._found), self.limit)

    def __len__(self) -> int:
        return self.count()

    def _with_keys(self, keys: list) -> QuerySet:
        return self.rows.filter(**{f"{self.key}__in": keys})

    def __getitem__(self, window: slice) -> list:
        shown = self._found[: self.limit]
        in_order = self._with_keys(shown).prefetch_related(None).values_list(self.key, flat=True)
        keys = list(in_order)[window]
        rows = {getattr(row, self.key): row for row in self._with_keys(keys)}
        return [rows[key] for key in keys if key in rows]  # a row changed in between is left out


class ChainedQuerySets:
    """Disjoint querysets shown one after another, as one sequence, a page in one query.

    A list ordered by a computed priority (``CASE … END``) can only be sorted after reading
    every candidate row. When each priority is its own queryset, ordered along an index, a
    page reads only the rows it shows: each part it spans contributes its slice of ids (a
    ``LIMIT``/``OFFSET`` subquery), and ``rows`` (the same rows, ordered so that the parts
    come out in sequence) fetches them in one query. The parts' sizes are given by the
    caller, who can often count them together in one query.
    """

    def __init__(self, parts: list[QuerySet], counts: list[int], rows: QuerySet):
        self.parts, self.counts, self.rows = parts, counts, rows

    def count(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, self.count() if window.stop is None else window.stop
        slices, offset = [], 0
        for part, size in zip(self.parts, self.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                slices.append(part.values("pk")[low:high])
            offset += size
        if not slices:
            return []
        return list(self.rows.filter(pk__in=slices[0] if len(slices) == 1 else self._union(slices)))

    @staticmethod
    def _union(slices: list[QuerySet]) -> QuerySet:
        # Each slice wrapped in a filter: SQLite refuses LIMIT directly inside UNION members.
        wrapped = [ids.model.objects.filter(pk__in=ids).order_by().values("pk") for ids in slices]
        return wrapped[0].union(*wrapped[1:], all=True)
