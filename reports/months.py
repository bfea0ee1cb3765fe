"""Report months: a calendar month of the clinic's calendar (Bogotá), written ``YYYY-MM``.

Every date the figures read (cycle start and end, care dates, device nights) is already a
Bogotá calendar date, so a month is the plain range of its first and last day.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from patients.capita import first_day_months_before

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """``YYYY-MM`` → Month; ValueError with a Spanish message otherwise."""
        match = MONTH_PATTERN.match((text or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ValueError("Escriba el mes como AAAA-MM, por ejemplo 2026-11.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def minus(self, months: int) -> "Month":
        return Month.of(first_day_months_before(self.first, months))

    def previous_months(self, count: int) -> list["Month"]:
        """The ``count`` months ending with this one, oldest first."""
        return [self.minus(back) for back in range(count - 1, -1, -1)]

    @property
    def label(self) -> str:
        """«noviembre de 2026»."""
        return f"{MONTH_NAMES[self.month - 1]} de {self.year}"

    @property
    def short_label(self) -> str:
        """«nov 2026»."""
        return f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
