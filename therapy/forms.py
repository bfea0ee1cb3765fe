from django import forms
from django.conf import settings


class DeviceFileForm(forms.Form):
    archivo = forms.FileField(
        label="Archivo del equipo",
        help_text="STR.edf de ResMed, un .zip con la copia de la tarjeta SD, o el CSV documentado.",
        error_messages={"required": "Elija el archivo del equipo."},
    )

    def clean_archivo(self):
        upload = self.cleaned_data["archivo"]
        limit = settings.DATAMED_DEVICE_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"El archivo supera el límite de {limit} MB.")
        return upload
