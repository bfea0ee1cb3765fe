"""Choice lists of the clinical records, each defined once (SPEC §2, STYLE "avoid")."""

from django.db import models


class ModoVentilatorio(models.TextChoices):
    """One vocabulary for Monitoreo, PolisomnografiaTitulacion and EquipoMedico."""

    CPAP = "CPAP", "CPAP"
    BPAP = "BPAP", "BPAP (BiPAP)"
    BPAP_ST = "BPAP ST", "BPAP ST"


class FuenteMonitoreo(models.TextChoices):
    """Where a monitoring's figures came from."""

    MANUAL = "MANUAL", "Registro manual"
    EQUIPO = "EQUIPO", "Datos del equipo"


class TipoMascara(models.TextChoices):
    PILLOW_NASAL = "PILLOW NASAL", "Almohadillas nasales (pillow)"
    NASAL = "NASAL", "Nasal"
    ORONASAL = "ORONASAL", "Oronasal"


class TallaMascara(models.TextChoices):
    SMALL = "SMALL", "Pequeña (S)"
    MEDIUM = "MEDIUM", "Mediana (M)"
    LARGE = "LARGE", "Grande (L)"


class EstadoNutricional(models.TextChoices):
    DESNUTRICION = "DESNUTRICIÓN", "Desnutrición"
    EUTROFICO = "EUTRÓFICO", "Eutrófico"
    SOBREPESO = "SOBREPESO", "Sobrepeso"
    OBESIDAD_I = "OBESIDAD I", "Obesidad I"
    OBESIDAD_II = "OBESIDAD II", "Obesidad II"
    OBESIDAD_III = "OBESIDAD III", "Obesidad III"


class SiNo(models.TextChoices):
    SI = "SI", "Sí"
    NO = "NO", "No"


class SeveridadApnea(models.TextChoices):
    NORMAL = "NORMAL", "Normal"
    LEVE = "LEVE", "Leve"
    MODERADA = "MODERADA", "Moderada"
    GRAVE = "GRAVE", "Grave"


class MarcaEquipo(models.TextChoices):
    BMC = "BMC", "BMC"
    RESMED = "RESMED", "ResMed"
    PHILIPS_RESPIRONICS = "PHILIPS RESPIRONICS", "Philips Respironics"
    SEFAN = "SEFAN", "Sefan"
    RESVENT = "RESVENT", "Resvent"
    CURATIVE = "CURATIVE", "Curative"
    PRISMA = "PRISMA", "Prisma"
    DEVILBIS = "DEVILBIS", "DeVilbiss"


class TipoServicio(models.TextChoices):
    """Kinds of attention written to the attention log (the record's model name)."""

    MONITOREO = "Monitoreo", "Monitoreo de adherencia PAP"
    PSICOLOGIA = "Psicologia", "Psicología"
    NUTRICION = "Nutricion", "Nutrición"
    NEUMOLOGIA = "Neumologia", "Neumología"
    SEGUIMIENTO_ADAPTACION = "SeguimientoAdaptacion", "Seguimiento de adaptación"
