"""One form per record type over a shared base. Derived fields are not form fields, so a
value posted for them is ignored; the model computes them on save."""

from django import forms

from datamed.widgets import DateInput
from exams import models


class ClinicalRecordForm(forms.ModelForm):
    """Shared behaviour: the cycle is known before validation, widgets are styled."""

    def __init__(self, *args, ingreso=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ingreso is not None:
            self.instance.ingreso = ingreso
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and field.required:
                field.choices = [("", "Seleccione…"), *[c for c in field.choices if c[0] != ""]]


class MonitoreoForm(ClinicalRecordForm):
    hipopnea_basal = forms.DecimalField(
        label="IAH basal (última polisomnografía basal del ciclo)",
        required=False,
        disabled=True,
        help_text="Lo toma el sistema al guardar; vacío si el ciclo no tiene polisomnografía basal.",
    )
    field_order = ["fecha_atencion", "uso_diario", "dias_uso_horas_4", "horas_uso_diario", "hipopnea_basal"]

    def __init__(self, *args, ingreso=None, **kwargs):
        super().__init__(*args, ingreso=ingreso, **kwargs)
        if self.instance.pk:
            self.fields["hipopnea_basal"].initial = self.instance.hipopnea_basal
        elif ingreso is not None:
            self.fields["hipopnea_basal"].initial = models.latest_basal_iah(ingreso.pk)
        # The source and window travel with a form pre-filled from device data.
        for name in ("fuente", "ventana_inicio", "ventana_fin"):
            self.fields[name].widget = forms.HiddenInput()
        self.fields["fuente"].required = False

    def clean_fuente(self) -> str:
        return self.cleaned_data.get("fuente") or models.FuenteMonitoreo.MANUAL

    class Meta:
        model = models.Monitoreo
        fields = [
            "fecha_atencion",
            "uso_diario",
            "dias_uso_horas_4",
            "horas_uso_diario",
            "hipopnea_residual",
            "modo_ventilatorio",
            "presion_ipap",
            "presion_epap",
            "frecuencia_respiratoria",
            "mascara_cpap",
            "tamano_mascara",
            "etco2_promedio",
            "fuente",
            "ventana_inicio",
            "ventana_fin",
        ]


class PsicologiaForm(ClinicalRecordForm):
    class Meta:
        model = models.Psicologia
        fields = [
            "fecha_atencion",
            "inventario_depre_beck",
            "inventario_ansiedad_beck",
            "calidad",
            "cantidad",
        ]


class NutricionForm(ClinicalRecordForm):
    class Meta:
        model = models.Nutricion
        fields = ["fecha_atencion", "estado_nutricional", "carbohidratos_pct", "rumiacion", "cafeina"]


class NeumologiaForm(ClinicalRecordForm):
    class Meta:
        model = models.Neumologia
        fields = ["fecha_consulta", "medico_tratante", "especialidad"]


class PolisomnografiaBasalForm(ClinicalRecordForm):
    class Meta:
        model = models.PolisomnografiaBasal
        fields = ["fecha_basal", "iah", "ido", "eficiencia"]


class PolisomnografiaTitulacionForm(ClinicalRecordForm):
    class Meta:
        model = models.PolisomnografiaTitulacion
        fields = [
            "fecha_titulacion",
            "tipo_titulacion",
            "presion_ipap",
            "presion_epap",
            "frecuencia_respiratoria",
            "tipo_mascara",
            "talla_mascara",
        ]


class EquipoMedicoForm(ClinicalRecordForm):
    class Meta:
        model = models.EquipoMedico
        fields = [
            "fecha_atencion",
            "marca_equipo",
            "serial_equipo",
            "modo_ventilatorio",
            "tipo_mascara_eq_medico",
            "talla_mascara",
            "referencia_mascara",
        ]


class SeguimientoAdaptacionForm(ClinicalRecordForm):
    class Meta:
        model = models.SeguimientoAdaptacion
        fields = ["fecha_atencion", "observaciones"]
        widgets = {"observaciones": forms.Textarea(attrs={"rows": 4})}


class VoidForm(forms.Form):
    motivo_anulacion = forms.CharField(
        label="Motivo de la anulación",
        max_length=500,
        error_messages={"required": "Indique el motivo de la anulación."},
    )

    def clean_motivo_anulacion(self) -> str:
        motivo = self.cleaned_data["motivo_anulacion"].strip()
        if not motivo:
            raise forms.ValidationError("Indique el motivo de la anulación.")
        return motivo
