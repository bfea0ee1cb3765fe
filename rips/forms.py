from django import forms

from patients.choices import EntidadSalud
from patients.models import today
from rips import generator

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RipsForm(forms.Form):
    eps = forms.ChoiceField(label="EPS", choices=EntidadSalud.choices)
    desde = forms.DateField(label="Desde", widget=_date)
    hasta = forms.DateField(label="Hasta", widget=_date)
    factura = forms.RegexField(
        label="Número de factura",
        regex=r"^[A-Za-z0-9-]{1,20}$",
        max_length=20,
        error_messages={"invalid": "Hasta 20 letras, dígitos o guiones (p. ej. FE123)."},
        help_text="La factura electrónica que el RIPS soporta (numFactura).",
    )

    def clean(self):
        data = super().clean()
        desde, hasta = data.get("desde"), data.get("hasta")
        if desde and hasta:
            if desde > hasta:
                self.add_error("hasta", "La fecha final no puede ser anterior a la inicial.")
            if hasta > today():
                self.add_error("hasta", "El periodo no puede terminar en el futuro.")
        return data

    def period(self) -> generator.Period:
        data = self.cleaned_data
        return generator.Period(
            eps=data["eps"], desde=data["desde"], hasta=data["hasta"], factura=data["factura"]
        )
