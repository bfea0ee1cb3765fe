"""factory_boy factories: valid patients and cycles, overridable per test."""

import datetime

import factory

from patients.choices import EntidadSalud, EstadoCivil, Genero, Programa, TipoDocumento
from patients.geography import Ciudad, Departamento
from patients.models import Ingreso, Patient, today


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient
        skip_postgeneration_save = True

    nombre = factory.Sequence(lambda n: f"Nombre{n}")
    apellido = factory.Sequence(lambda n: f"Apellido{n}")
    tipo_documento = TipoDocumento.CC
    documento = factory.Sequence(lambda n: str(1_000_000 + n))
    fecha_nacimiento = datetime.date(1970, 5, 17)
    genero = Genero.F
    departamento = Departamento.SANTANDER
    ciudad = Ciudad.BUCARAMANGA
    celular = "3001234567"
    estado_civil = EstadoCivil.CASADO
    entidad_salud = EntidadSalud.ECOPETROL
    estrato = 3
    programa = Programa.AOS

    @factory.post_generation
    def cycle(self, create, extracted, **kwargs):
        """Every patient gets an ACTIVO cycle unless ``cycle=False`` or a start date is given."""
        if not create or extracted is False:
            return
        start = extracted or today()
        Ingreso.objects.create(paciente=self, fecha_inicio=start)


def patient_form_data(**overrides) -> dict:
    """POST data of a valid patient form."""
    data = {
        "nombre": "Carmen",
        "apellido": "Ardila",
        "tipo_documento": "CC",
        "documento": "63555111",
        "fecha_nacimiento": "1965-03-02",
        "genero": "F",
        "estado_civil": "CASADO",
        "departamento": "SANTANDER",
        "ciudad": "FLORIDABLANCA",
        "zona": "URBANA",
        "telefono": "6076345678",
        "celular": "3157778899",
        "entidad_salud": "SANITAS",
        "estrato": "3",
        "programa": "PROGRAMA AOS",
        "diagnostico_clinico": "G47.3",
        "medico_remitente": "Dr. Prada",
        "especialidad": "Neumología",
        "peso": "82.5",
        "altura": "1.62",
        "perimetro_abdominal": "101",
        "cuello": "39",
        "valor_capita": "259783",
        "fecha_inicio_programa": today().isoformat(),
    }
    data.update(overrides)
    return data
