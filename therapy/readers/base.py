"""What every device reader returns: nightly rows, or the problems that refuse the file.

A reader is one module with a ``read(filename, data) -> list[NightRow]`` function that raises
``DeviceFileError`` listing every problem (in Spanish, naming the row or the signal). A new
brand is one more module registered in ``therapy.readers.READERS``.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class NightRow:
    """One night as a device summarised it. ``noche`` is the evening's date."""

    noche: datetime.date
    serial: str
    minutos_uso: int
    iah: Decimal | None = None
    fuga_p95: Decimal | None = None
    presion_p95: Decimal | None = None
    modo: str = ""
    sesiones: int | None = None


class DeviceFileError(Exception):
    """A file that cannot be imported; ``problems`` are user-facing Spanish messages."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class Reader(Protocol):
    def __call__(self, filename: str, data: bytes) -> list[NightRow]: ...
