"""Legacy codes → this project's choice values.

Every lookup compares normalised text (no accents, upper case, spaces for ``_`` and ``-``), so
``SANTA MARTA`` finds ``SANTA_MARTA`` and ``EUTROFICO`` finds ``EUTRÓFICO``; the aliases add
the spellings the old schema used (``NORAMAL``, ``BiPAP``, ``NORTE_DE_SANTANDER``).
"""

import functools
import re
import unicodedata

from django.db import models

from exams.choices import (
    EstadoNutricional,
    MarcaEquipo,
    ModoVentilatorio,
    SeveridadApnea,
    SiNo,
    TallaMascara,
    TipoMascara,
    TipoServicio,
)
from patients import choices
from patients.geography import Ciudad, Departamento


@functools.lru_cache(maxsize=4096)
def normalise(text) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s_\-.]+", " ", plain).strip().upper()


class Vocabulary:
    """Finds the choice value for a legacy code or label, or ``None`` when there is none."""

    def __init__(self, choice_class: type[models.Choices], aliases: dict[str, str] | None = None):
        self.lookup: dict[str, str] = {}
        for value, label in choice_class.choices:
            self.lookup[normalise(value)] = value
            self.lookup.setdefault(normalise(label), value)
        for alias, value in (aliases or {}).items():
            self.lookup[normalise(alias)] = value

        self.cache: dict[object, str | None] = {}

    @classmethod
    def of(cls, codes: dict[str, str]) -> "Vocabulary":
        """A vocabulary of these codes only (not a whole choice list)."""
        vocabulary = cls.__new__(cls)
        vocabulary.lookup = {normalise(code): value for code, value in codes.items()}
        vocabulary.cache = {}
        return vocabulary

    def __call__(self, raw) -> str | None:
        if raw is None:
            return None
        if raw not in self.cache:
            self.cache[raw] = self.lookup.get(normalise(raw))
        return self.cache[raw]


TIPO_DOCUMENTO = Vocabulary(choices.TipoDocumento)
GENERO = Vocabulary(choices.Genero)
ZONA = Vocabulary(choices.Zona)
ESTADO_CIVIL = Vocabulary(choices.EstadoCivil, {"UNION_LIBRE": choices.EstadoCivil.UNION_LIBRE})
ENTIDAD_SALUD = Vocabulary(choices.EntidadSalud)
DIAGNOSTICO = Vocabulary(
    choices.Diagnostico, {"G473": choices.Diagnostico.APNEA, "G470": choices.Diagnostico.INSOMNIO}
)
PROGRAMA = Vocabulary(choices.Programa, {"AOS": choices.Programa.AOS, "INSOMNIO": choices.Programa.INSOMNIO})
#: FINALIZADO: the original's closed state from its patients 0003 until 0007 brought TERMINADO
ESTADO_INGRESO = Vocabulary(choices.EstadoIngreso, {"FINALIZADO": choices.EstadoIngreso.TERMINADO})
MOTIVO_CIERRE = Vocabulary(choices.MotivoCierre, {"EGRESO": choices.MotivoCierre.EGRESO_COMPLETO})
DEPARTAMENTO = Vocabulary(
    Departamento,
    {
        "BOGOTA": Departamento.BOGOTA_DC,
        "BOGOTA D C": Departamento.BOGOTA_DC,
        "DISTRITO CAPITAL": Departamento.BOGOTA_DC,
        "NORTE DE SANTANDER": Departamento.NORTE_SANTANDER,
        "VALLE DEL CAUCA": Departamento.VALLE_CAUCA,
        "VALLE": Departamento.VALLE_CAUCA,
        "GUAJIRA": Departamento.LA_GUAJIRA,
        "SAN ANDRES Y PROVIDENCIA": Departamento.SAN_ANDRES,
    },
)
CIUDAD = Vocabulary(
    Ciudad,
    {
        "BOGOTA D C": Ciudad.BOGOTA,
        "EL PLAYON": Ciudad.PLAYON,
        "CARTAGENA": Ciudad.CARTAGENA,
        "SAN JOSE DEL GUAVIARE": Ciudad.SAN_JOSE_GUAVIARE,
    },
)

MODO_VENTILATORIO = Vocabulary(
    ModoVentilatorio,
    {
        "BIPAP": ModoVentilatorio.BPAP,
        "BIPAP ST": ModoVentilatorio.BPAP_ST,
        "BPAPST": ModoVentilatorio.BPAP_ST,
    },
)
#: the automatic modes the original offered until its exams 0020, as the therapy they are
AUTOMATIC_MODE = Vocabulary.of({"AUTOCPAP": ModoVentilatorio.CPAP, "AUTOBPAP": ModoVentilatorio.BPAP})
TIPO_MASCARA = Vocabulary(TipoMascara, {"PILLOW": TipoMascara.PILLOW_NASAL})
TALLA_MASCARA = Vocabulary(
    TallaMascara, {"S": TallaMascara.SMALL, "M": TallaMascara.MEDIUM, "L": TallaMascara.LARGE}
)
ESTADO_NUTRICIONAL = Vocabulary(EstadoNutricional)
SI_NO = Vocabulary(SiNo)
#: the old schema misspelt "normal"; the severity is derived from the IAH anyway
SEVERIDAD = Vocabulary(
    SeveridadApnea,
    # SEVERA: the original's word until its exams 0021 (rows saved before keep it)
    {"NORAMAL": SeveridadApnea.NORMAL, "SEVERA": SeveridadApnea.GRAVE},
)
MARCA_EQUIPO = Vocabulary(
    MarcaEquipo, {"PHILIPS": MarcaEquipo.PHILIPS_RESPIRONICS, "DEVILBISS": MarcaEquipo.DEVILBIS}
)
TIPO_SERVICIO = Vocabulary(TipoServicio)
