"""Synthetic ResMed ``STR.edf`` files in the device's layout, written with edfio.

Used by the tests, the browser test, the import benchmark and ``manage.py sample_str_edf`` (to
try the upload without a real SD card). Gains are chosen so that the figures written are read
back exactly (AHI in hundredths, leak in L/s at 0.02, pressure at 0.02 cmH2O).
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
from edfio import Edf, EdfSignal, Recording

SECONDS_PER_DAY = 86400
MASK_SLOTS = 10
EPOCH = datetime.date(1970, 1, 1)
OFF = -1


@dataclass(frozen=True)
class Night:
    """One day of the card: minutes of use split into mask sessions (minutes since noon)."""

    minutes: int
    ahi: float = 2.5
    leak_lps: float = 0.2
    pressure: float = 10.0
    mode: int = 0
    sessions: tuple[tuple[int, int], ...] = field(default=())

    def mask_sessions(self) -> tuple[tuple[int, int], ...]:
        if self.sessions or not self.minutes:
            return self.sessions
        return ((600, 600 + self.minutes),)  # from 22:00


def _signal(values, label: str, unit: str, gain: float, per_day: int = 1) -> EdfSignal:
    low, high = -32768, 32767
    digital = np.round(np.asarray(values, dtype=float) / gain).astype(np.int16)
    return EdfSignal.from_digital(
        digital,
        per_day / SECONDS_PER_DAY,
        label=label,
        physical_dimension=unit,
        physical_range=(low * gain, high * gain),
        digital_range=(low, high),
    )


def _mask_columns(nights) -> tuple[list[int], list[int]]:
    on, off = [], []
    for night in nights:
        sessions = list(night.mask_sessions()) if night else []
        padded = sessions + [(OFF, OFF)] * (MASK_SLOTS - len(sessions))
        on += [start for start, _ in padded]
        off += [end for _, end in padded]
    return on, off


def str_edf(
    start: datetime.date,
    nights: list[Night | None],
    serial: str = "23181234567",
    without: tuple[str, ...] = (),
) -> bytes:
    """An STR.edf whose first day is ``start`` (at noon); ``None`` is a day the device was off.
    ``without`` drops signals by label (to build damaged files)."""

    def daily(attribute: str, off=OFF):
        return [getattr(night, attribute) if night else off for night in nights]

    mask_on, mask_off = _mask_columns(nights)
    signals = [
        _signal([(start - EPOCH).days + day for day in range(len(nights))], "Date", "days", 1),
        _signal(mask_on, "MaskOn", "min", 1, MASK_SLOTS),
        _signal(mask_off, "MaskOff", "min", 1, MASK_SLOTS),
        _signal(daily("minutes"), "Duration", "min", 1),
        _signal(daily("ahi"), "AHI", "eve/h", 0.01),
        _signal(daily("leak_lps"), "Leak.95", "L/s", 0.02),
        _signal(daily("pressure"), "MaskPress.95", "cmH2O", 0.02),
        _signal(daily("mode"), "Mode", "", 1),
    ]
    edf = Edf(
        [signal for signal in signals if signal.label not in without],
        recording=Recording(startdate=start, additional=(f"SRN={serial}", "MID=36", "VID=39")),
        starttime=datetime.time(12, 0),
        data_record_duration=SECONDS_PER_DAY,
    )
    return edf.to_bytes()
