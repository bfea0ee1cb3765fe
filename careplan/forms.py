from django import forms

from careplan.choices import Disciplina
from patients.choices import EntidadSalud, Programa


class WorklistFilterForm(forms.Form):
    """The worklist's filters (GET): EPS, program, discipline (coordinators), upcoming view."""

    eps = forms.ChoiceField(
        label="EPS", required=False, choices=[("", "Todas las EPS"), *EntidadSalud.choices]
    )
    programa = forms.ChoiceField(
        label="Programa", required=False, choices=[("", "Todos los programas"), *Programa.choices]
    )
    disciplina = forms.ChoiceField(
        label="Disciplina", required=False, choices=[("", "Todas las disciplinas"), *Disciplina.choices]
    )
    ver = forms.ChoiceField(
        label="Ver",
        required=False,
        choices=[("", "Pendientes y vencidos"), ("proximos", "Próximos 30 días")],
    )

    def __init__(self, *args, disciplinas=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        if disciplinas is not None and len(disciplinas) < 2:
            del self.fields["disciplina"]
        elif disciplinas is not None:
            self.fields["disciplina"].choices = [
                ("", "Todas mis disciplinas"),
                *[(value, Disciplina(value).label) for value in disciplinas],
            ]

    def value(self, name: str) -> str:
        """A filter's valid value, or "" (an invalid one is ignored, the others still apply)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""
