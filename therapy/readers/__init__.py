"""Device readers, one module per brand or format, chosen by the file's name.

``read_device_file`` accepts a ResMed ``STR.edf``, a ``.zip`` copy of the SD card (the
``STR.edf`` inside is read) or the documented CSV.
"""

import io
import zipfile
from pathlib import PurePath

from therapy.readers import csv, resmed
from therapy.readers.base import DeviceFileError, NightRow, Reader

#: file suffix → reader; a new brand's format is one module and one line here
READERS: dict[str, Reader] = {".edf": resmed.read, ".csv": csv.read}
STR_EDF = "STR.EDF"
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024


def _from_zip(filename: str, data: bytes) -> tuple[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if PurePath(info.filename).name.upper() == STR_EDF]
        if not members:
            raise DeviceFileError(
                f"«{filename}» no contiene un archivo STR.edf (copie la tarjeta SD completa)."
            )
        member = min(members, key=lambda info: len(PurePath(info.filename).parts))
        if member.file_size > MAX_UNZIPPED_BYTES:
            raise DeviceFileError(f"El STR.edf de «{filename}» es demasiado grande.")
        return f"{filename}/{member.filename}", archive.read(member)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DeviceFileError(f"«{filename}» no es un archivo .zip válido.") from error


def read_device_file(filename: str, data: bytes) -> tuple[str, list[NightRow]]:
    """The nights in the file and the name of the file they came from."""
    name = PurePath(filename).name
    suffix = PurePath(name).suffix.lower()
    if suffix == ".zip":
        name, data = _from_zip(name, data)
        suffix = ".edf"
    reader = READERS.get(suffix)
    if reader is None:
        raise DeviceFileError(
            f"«{name}»: formato no reconocido. Suba STR.edf, un .zip de la tarjeta SD o un CSV."
        )
    return name, reader(name, data)


__all__ = ["DeviceFileError", "NightRow", "read_device_file"]
