"""Choice lists of the patients app, each defined once (SPEC §2)."""

from django.db import models


class TipoDocumento(models.TextChoices):
    RC = "RC", "Registro Civil"
    TI = "TI", "Tarjeta de Identidad"
    CC = "CC", "Cédula de Ciudadanía"
    CE = "CE", "Cédula de Extranjería"
    PA = "PA", "Pasaporte"
    PE = "PE", "Permiso Especial de Permanencia"
    PT = "PT", "Permiso por Protección Temporal"


NUMERIC_DOCUMENT_TYPES = {TipoDocumento.RC, TipoDocumento.TI, TipoDocumento.CC}


class Genero(models.TextChoices):
    M = "M", "Masculino"
    F = "F", "Femenino"
    O = "O", "Otro"  # noqa: E741 - the documented code


class Zona(models.TextChoices):
    URBANA = "URBANA", "Urbana"
    RURAL = "RURAL", "Rural"


class EstadoCivil(models.TextChoices):
    SOLTERO = "SOLTERO", "Soltero(a)"
    CASADO = "CASADO", "Casado(a)"
    UNION_LIBRE = "UNIÓN LIBRE", "Unión libre"
    VIUDO = "VIUDO", "Viudo(a)"
    DIVORCIADO = "DIVORCIADO", "Divorciado(a)"


class EntidadSalud(models.TextChoices):
    """The EPS paying the capitation. Adding an insurer is one line here plus a migration."""

    ECOPETROL = "ECOPETROL", "Ecopetrol"
    SANITAS = "SANITAS", "Sanitas"


class Estrato(models.IntegerChoices):
    E1 = 1, "1"
    E2 = 2, "2"
    E3 = 3, "3"
    E4 = 4, "4"
    E5 = 5, "5"
    E6 = 6, "6"


class Diagnostico(models.TextChoices):
    APNEA = "G47.3", "G47.3 Apnea del sueño"
    INSOMNIO = "G47.0", "G47.0 Insomnio"


class Programa(models.TextChoices):
    AOS = "PROGRAMA AOS", "Programa AOS"
    INSOMNIO = "PROGRAMA INSOMNIO", "Programa Insomnio"


class EstadoIngreso(models.TextChoices):
    ACTIVO = "ACTIVO", "Activo"
    SUSPENDIDO = "SUSPENDIDO", "Suspendido"
    TERMINADO = "TERMINADO", "Terminado"


OPEN_STATES = (EstadoIngreso.ACTIVO, EstadoIngreso.SUSPENDIDO)


class MotivoCierre(models.TextChoices):
    EGRESO_COMPLETO = "EGRESO_COMPLETO", "Egreso completo"
    EGRESO_ANTICIPADO = "EGRESO_ANTICIPADO", "Egreso anticipado"
    RETIRO_VOLUNTARIO = "RETIRO_VOLUNTARIO", "Retiro voluntario"
    FALLECIMIENTO = "FALLECIMIENTO", "Fallecimiento"
    CAMBIO_EPS = "CAMBIO_EPS", "Cambio de EPS"
    OTRO = "OTRO", "Otro"


class Veredicto(models.TextChoices):
    """The device adherence verdict of a cycle (``therapy.adherence`` decides it). Defined here,
    on the lowest floor that uses it: the cycle keeps a copy of it (``Ingreso.veredicto_equipo``)."""

    CUMPLE = "CUMPLE", "Cumple"
    EN_RIESGO = "EN_RIESGO", "En riesgo"
    NO_CUMPLE = "NO_CUMPLE", "No cumple"
    SIN_DATOS = "SIN_DATOS", "Sin datos"
