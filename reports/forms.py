"""The report's choice of EPS and month (the page's filter, the issue form, the API's query)."""

from django import forms

from patients.choices import EntidadSalud
from patients.models import today
from reports.months import Month


def default_month() -> Month:
    """The month a report is usually sent for: the one before the current (Bogotá) month."""
    return Month.of(today()).minus(1)


class ReportForm(forms.Form):
    eps = forms.ChoiceField(label="EPS", choices=EntidadSalud.choices)
    mes = forms.CharField(
        label="Mes",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM", "class": "form-control"}),
        help_text="Mes del calendario (hora de Bogotá), AAAA-MM.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eps"].widget.attrs["class"] = "form-select"
        if not self.is_bound:
            self.initial.setdefault("eps", EntidadSalud.values[0])
            self.initial.setdefault("mes", str(default_month()))

    def clean_mes(self) -> Month:
        try:
            month = Month.parse(self.cleaned_data["mes"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if month > Month.of(today()):
            raise forms.ValidationError("El mes no puede estar en el futuro.")
        return month

    def choice(self) -> tuple[str, Month] | None:
        """(eps, month) chosen, the defaults when nothing was sent, None when invalid."""
        if not self.is_bound:
            return self.initial["eps"], Month.parse(self.initial["mes"])
        if self.is_valid():
            return self.cleaned_data["eps"], self.cleaned_data["mes"]
        return None
