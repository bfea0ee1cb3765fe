from careplan import defaults
from careplan.choices import DISCIPLINA_DE_TIPO, Disciplina, TipoRegistro
from careplan.models import ItemPlan, VersionProtocolo
from exams.registry import RECORD_TYPES
from patients.choices import Programa
from patients.tests.factories import PatientFactory


def test_the_migration_loads_the_default_protocols_of_the_spec(db):
    aos = VersionProtocolo.objects.get(programa=Programa.AOS)
    insomnio = VersionProtocolo.objects.get(programa=Programa.INSOMNIO)
    assert aos.vigente_desde == defaults.VIGENTE_DESDE
    assert aos.items.count() == 26
    assert insomnio.items.count() == 18
    monitoring = sorted(aos.items.filter(tipo="monitoreo").values_list("mes", flat=True))
    assert monitoring == [1, 2, 3, 6, 9, 12, 15, 18]
    psychology = sorted(insomnio.items.filter(tipo="psicologia").values_list("mes", flat=True))
    assert psychology == [1, 2, 3, 4, 6, 9, 12, 15, 18]
    basal = aos.items.get(tipo="basal")
    assert (basal.mes, basal.dia_limite) == (None, 30)
    assert not insomnio.items.filter(tipo__in=["basal", "titulacion", "equipo_medico", "monitoreo"]).exists()
    month = aos.items.get(tipo="nutricion", mes=6)
    assert (month.tolerancia_antes, month.tolerancia_despues) == (15, 15)


def test_record_types_and_disciplines_mirror_the_registry():
    assert {rt.slug for rt in RECORD_TYPES} == set(TipoRegistro.values)
    for rt in RECORD_TYPES:
        assert Disciplina(DISCIPLINA_DE_TIPO[rt.slug]).label == rt.discipline


def test_a_new_cycle_gets_the_plan_of_its_program(db):
    aos = PatientFactory(programa=Programa.AOS)
    insomnio = PatientFactory(programa=Programa.INSOMNIO)
    assert ItemPlan.objects.filter(ingreso__paciente=aos).count() == 26
    assert ItemPlan.objects.filter(ingreso__paciente=insomnio).count() == 18
