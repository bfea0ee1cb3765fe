"""Choice lists of the therapy app."""

from django.db import models


class Veredicto(models.TextChoices):
    CUMPLE = "CUMPLE", "Cumple"
    EN_RIESGO = "EN_RIESGO", "En riesgo"
    NO_CUMPLE = "NO_CUMPLE", "No cumple"
    SIN_DATOS = "SIN_DATOS", "Sin datos"
