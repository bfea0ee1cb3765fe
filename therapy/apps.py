from django.apps import AppConfig


class TherapyConfig(AppConfig):
    name = "therapy"
    verbose_name = "Terapia desde el equipo"

    def ready(self) -> None:
        """The equipment delivery starts therapy (SPEC §8): its records re-judge the cycle. The
        clinical history shows the device data and trends (its ``therapy`` panel)."""
        from exams.models import EquipoMedico
        from exams.panels import add_history_panel
        from exams.services import on_record_write
        from therapy.selectors import clinical_panel
        from therapy.services import delivery_changed

        on_record_write(EquipoMedico, delivery_changed)
        add_history_panel("therapy", clinical_panel)
