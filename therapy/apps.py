from django.apps import AppConfig


class TherapyConfig(AppConfig):
    name = "therapy"
    verbose_name = "Terapia desde el equipo"

    def ready(self) -> None:
        """The equipment delivery starts therapy (SPEC §8): its records re-judge the cycle."""
        from exams.models import EquipoMedico
        from exams.services import on_record_write
        from therapy.services import delivery_changed

        on_record_write(EquipoMedico, delivery_changed)
