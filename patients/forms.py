"""Forms of the patients app. Validation rules live on the models and in services."""

from django import forms

from datamed.widgets import DateInput
from patients.capita import CYCLE_MONTHS
from patients.geography import city_options_by_department
from patients.models import Ingreso, Patient, today


class PatientForm(forms.ModelForm):
    fecha_inicio_programa = forms.DateField(
        label="Fecha de ingreso al programa",
        initial=today,
        widget=DateInput(),
        help_text="Inicio del ciclo activo de 18 meses.",
    )

    class Meta:
        model = Patient
        fields = [
            "nombre",
            "apellido",
            "tipo_documento",
            "documento",
            "fecha_nacimiento",
            "genero",
            "estado_civil",
            "departamento",
            "ciudad",
            "zona",
            "telefono",
            "celular",
            "entidad_salud",
            "estrato",
            "programa",
            "diagnostico_clinico",
            "medico_remitente",
            "especialidad",
            "peso",
            "altura",
            "perimetro_abdominal",
            "cuello",
            "valor_capita",
        ]
        widgets = {"fecha_nacimiento": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department = self.data.get("departamento") or self.initial.get("departamento")
        department = department or self.instance.departamento or self.fields["departamento"].initial
        offered = dict(city_options_by_department()).get(department, [])
        # Validation accepts any known city (the model then explains a department mismatch);
        # the select itself only offers the department's municipalities.
        self.fields["ciudad"].widget.choices = [("", "---------"), *offered]
        self.fields["departamento"].widget.attrs["data-city-target"] = "id_ciudad"
        self.set_program_start(self.instance.ingreso_activo if self.instance.pk else None)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def set_program_start(self, active: Ingreso | None) -> None:
        """The program date shows the ACTIVO cycle's start; without one it cannot be edited."""
        field = self.fields["fecha_inicio_programa"]
        field.required, field.disabled = True, False
        field.help_text = "Inicio del ciclo activo de 18 meses."
        if not self.instance.pk:
            return
        if active:
            self.initial["fecha_inicio_programa"] = active.fecha_inicio
        else:
            field.required, field.disabled = False, True
            field.help_text = "El paciente no tiene un ciclo activo."

    @staticmethod
    def city_options() -> dict[str, list[tuple[str, str]]]:
        return city_options_by_department()


class MonthSelect(forms.Select):
    """The mes cápita filter: its options never change, so its HTML for each month chosen is
    rendered once per process and reused. Rendered through the form templates (one included
    template per option) it took about 2 ms of every patient list page."""

    _rendered: dict[tuple, str] = {}

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        if chosen not in {str(choice) for choice, _ in self.choices}:
            return super().render(name, value, attrs, renderer)
        key = (name, chosen, tuple(sorted({**self.attrs, **(attrs or {})}.items())))
        if key not in self._rendered:
            self._rendered[key] = super().render(name, value, attrs, renderer)
        return self._rendered[key]


class PatientSearchForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=100)
    mes = forms.TypedChoiceField(
        label="Mes cápita",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Todos los meses"), *[(m, f"Mes {m}") for m in range(1, CYCLE_MONTHS + 1)]],
        widget=MonthSelect(attrs={"class": "form-select"}),
    )


class CycleStateForm(forms.Form):
    """Fields of the state POST (SPEC §3): the date of the change and its reason."""

    fecha_terminacion = forms.DateField(label="Fecha", required=False, widget=DateInput())
    motivo_estado = forms.CharField(label="Motivo", required=False, max_length=500)
    motivo_otro = forms.CharField(label="Otro motivo", required=False, max_length=500)


class NewCycleForm(forms.Form):
    fecha_inicio = forms.DateField(label="Fecha de inicio", initial=today, widget=DateInput())
