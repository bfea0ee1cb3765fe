"""ResMed AirSense 10/11: the ``STR.edf`` daily summary on the SD card.

Facts of the layout (public descriptions of the format): one EDF data record per day, the
day starting at noon of the file's start date; one sample per record for the daily figures
(``Duration`` in minutes, ``AHI`` in events/h, ``Leak.95``, ``MaskPress.95`` in cmH2O, ``Mode``)
and several for ``MaskOn``/``MaskOff`` (minutes since noon of each mask session, negative when
unused); the device serial in the header's recording field as ``SRN=<serial>``. A day the
device was not switched on carries negative values.
"""

import datetime
import re
import warnings
from decimal import Decimal

import numpy as np
from edfio import read_edf

from exams.choices import ModoVentilatorio
from therapy.readers.base import DeviceFileError, NightRow

REQUIRED_SIGNALS = {"Duration": "minutos de uso"}
SERIAL = re.compile(r"SRN=(\S+)")
ONE_DAY = datetime.timedelta(days=1)
#: ResMed ``Mode`` codes mapped onto DataMed's one vocabulary of ventilation modes
#: (fixed and automatic CPAP → CPAP; spontaneous bilevel → BPAP; timed bilevel → BPAP ST).
#: Other codes (ASV, iVAPS...) have no equivalent and are left blank.
MODES = {
    0: ModoVentilatorio.CPAP,
    1: ModoVentilatorio.CPAP,
    2: ModoVentilatorio.BPAP_ST,
    3: ModoVentilatorio.BPAP,
    4: ModoVentilatorio.BPAP_ST,
    5: ModoVentilatorio.BPAP,
    10: ModoVentilatorio.CPAP,
}
LITRES_PER_SECOND = "L/s"


def _declared_records(filename: str, data: bytes) -> int:
    """Number of data records the header announces (bytes 236–244 of an EDF header)."""
    if data[:8] != b"0       " or len(data) < 256:
        raise DeviceFileError(f"«{filename}» no es un archivo EDF (la cabecera no corresponde al formato).")
    try:
        return int(data[236:244].decode("ascii").strip())
    except ValueError as error:
        raise DeviceFileError(f"«{filename}» no es un archivo EDF válido (cabecera ilegible).") from error


def _open(filename: str, data: bytes):
    declared = _declared_records(filename, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            edf = read_edf(bytes(data), lazy_load_data=False)
    except Exception as error:  # edfio raises several kinds for a damaged file
        raise DeviceFileError(f"«{filename}» está dañado o truncado: no se pudo leer como EDF.") from error
    if declared <= 0 or edf.num_data_records < declared:
        raise DeviceFileError(
            f"«{filename}» está truncado: la cabecera anuncia {declared} días y el archivo trae "
            f"{edf.num_data_records}."
        )
    return edf


def _signals(filename: str, edf) -> dict:
    signals = {signal.label.strip(): signal for signal in edf.signals}
    missing = [f"«{name}» ({meaning})" for name, meaning in REQUIRED_SIGNALS.items() if name not in signals]
    if missing:
        raise DeviceFileError(
            f"A «{filename}» le falta la señal {', '.join(missing)}: no parece un STR.edf de ResMed."
        )
    return signals


def _per_day(signal, days: int) -> np.ndarray:
    return np.asarray(signal.data, dtype=float).reshape(days, -1)


def _decimal(value: float, factor: float, high: float) -> Decimal | None:
    """The figure in hundredths; negative (not recorded) or implausible values are left out."""
    value = value * factor
    if not np.isfinite(value) or value < 0 or value > high:
        return None
    return Decimal(str(round(value, 2)))


def read(filename: str, data: bytes) -> list[NightRow]:
    edf = _open(filename, data)
    signals = _signals(filename, edf)
    match = SERIAL.search(edf.local_recording_identification)
    if not match:
        raise DeviceFileError(f"«{filename}» no trae el serial del equipo (SRN=) en la cabecera.")
    serial = match.group(1)
    days = edf.num_data_records
    columns = {name: _per_day(signal, days) for name, signal in signals.items()}
    leak_factor = (
        60.0 if signals.get("Leak.95") and signals["Leak.95"].physical_dimension == LITRES_PER_SECOND else 1.0
    )
    first_day = edf.startdate
    rows = []
    for day in range(days):
        minutes = float(columns["Duration"][day, 0])
        if not np.isfinite(minutes) or minutes < 0:
            continue  # the device was off that day: no data, not a night of zero use
        rows.append(
            NightRow(
                noche=first_day + day * ONE_DAY,
                serial=serial,
                minutos_uso=min(1440, round(minutes)),
                iah=_decimal(columns["AHI"][day, 0], 1, 200) if "AHI" in columns else None,
                fuga_p95=_decimal(columns["Leak.95"][day, 0], leak_factor, 9999)
                if "Leak.95" in columns
                else None,
                presion_p95=_decimal(columns["MaskPress.95"][day, 0], 1, 40)
                if "MaskPress.95" in columns
                else None,
                modo=MODES.get(round(columns["Mode"][day, 0]), "") if "Mode" in columns else "",
                sesiones=int((columns["MaskOn"][day] >= 0).sum()) if "MaskOn" in columns else None,
            )
        )
    return rows
