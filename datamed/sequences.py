"""Sequences that ``django.core.paginator.Paginator`` can page without one big sorted query."""

from collections.abc import Callable

from django.db.models import QuerySet


class Counted:
    """A queryset paged with a count known another way (e.g. the database's cycle counts), so
    the paginator does not count the rows themselves."""

    def __init__(self, rows: QuerySet, count: Callable[[], int]):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        return list(self.rows[window])


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
                # Wrapped in a filter: SQLite refuses LIMIT directly inside UNION members.
                ids = part.values("pk")[low:high]
                slices.append(part.model.objects.filter(pk__in=ids).order_by().values("pk"))
            offset += size
        if not slices:
            return []
        return list(self.rows.filter(pk__in=slices[0].union(*slices[1:], all=True)))
