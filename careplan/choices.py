"""Choice lists of the care plan, defined once.

The record types and disciplines mirror ``exams/registry.py`` (a test keeps them in step): the
models cannot import the registry, which imports forms, while the app registry loads.
"""

from django.db import models


class TipoRegistro(models.TextChoices):
    """The eight record types, by their registry slug."""

    BASAL = "basal", "Polisomnografía basal"
    NEUMOLOGIA = "neumologia", "Consulta de neumología"
    TITULACION = "titulacion", "Polisomnografía de titulación"
    EQUIPO_MEDICO = "equipo_medico", "Equipo médico (entrega)"
    MONITOREO = "monitoreo", "Monitoreo de adherencia"
    SEGUIMIENTO = "seguimiento", "Nota de seguimiento (adaptación)"
    PSICOLOGIA = "psicologia", "Valoración de psicología"
    NUTRICION = "nutricion", "Valoración de nutrición"


class Disciplina(models.TextChoices):
    """The clinical disciplines of the registry, by slug (the worklist's ``?disciplina=``)."""

    TERAPIA_RESPIRATORIA = "terapia-respiratoria", "Terapia respiratoria"
    NEUMOLOGIA = "neumologia", "Neumología"
    PSICOLOGIA = "psicologia", "Psicología"
    NUTRICION = "nutricion", "Nutrición"


DISCIPLINA_DE_TIPO = {
    TipoRegistro.BASAL: Disciplina.NEUMOLOGIA,
    TipoRegistro.NEUMOLOGIA: Disciplina.NEUMOLOGIA,
    TipoRegistro.TITULACION: Disciplina.NEUMOLOGIA,
    TipoRegistro.EQUIPO_MEDICO: Disciplina.TERAPIA_RESPIRATORIA,
    TipoRegistro.MONITOREO: Disciplina.TERAPIA_RESPIRATORIA,
    TipoRegistro.SEGUIMIENTO: Disciplina.TERAPIA_RESPIRATORIA,
    TipoRegistro.PSICOLOGIA: Disciplina.PSICOLOGIA,
    TipoRegistro.NUTRICION: Disciplina.NUTRICION,
}


class NoAplica(models.TextChoices):
    """Why an item is excused (it is never due): SPEC §10."""

    NINGUNO = "", "—"
    SUSPENDIDO = "SUSPENDIDO", "Ciclo suspendido durante la ventana"
    CERRADO = "CERRADO", "Ciclo cerrado antes de la ventana"


class EstadoItem(models.TextChoices):
    """What an item of a cycle's plan is today (computed, never stored: it moves with the date)."""

    PROXIMO = "PROXIMO", "Próximo"
    PENDIENTE = "PENDIENTE", "Pendiente"
    VENCIDO = "VENCIDO", "Vencido"
    CUMPLIDO = "CUMPLIDO", "Cumplido"
    NO_APLICA = "NO_APLICA", "No aplica"
