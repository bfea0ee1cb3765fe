"""Copy each patient's names onto their cycles, so the patient list pages the active cycles
in name order along one index (``ingreso_state_name_idx``); index the cycles newest first
(the API's cycle list). Kept in step by ``Patient.save``
and ``Ingreso.save`` like the EPS and program copies (``PATIENT_COPY_FIELDS``)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_names(apps, schema_editor):
    Ingreso = apps.get_model("patients", "Ingreso")
    Patient = apps.get_model("patients", "Patient")
    patient = Patient.objects.filter(pk=OuterRef("paciente_id"))
    Ingreso.objects.using(schema_editor.connection.alias).update(
        apellido=Subquery(patient.values("apellido")[:1]),
        nombre=Subquery(patient.values("nombre")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0005_legacy_id_map'),
    ]

    operations = [
        migrations.AddField(
            model_name='ingreso',
            name='apellido',
            field=models.CharField(db_default='', default='', editable=False, max_length=100, verbose_name='apellidos del paciente'),
        ),
        migrations.AddField(
            model_name='ingreso',
            name='nombre',
            field=models.CharField(db_default='', default='', editable=False, max_length=100, verbose_name='nombres del paciente'),
        ),
        # Reversed, the columns are dropped by the AddField operations: nothing to undo here.
        migrations.RunPython(copy_names, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name='ingreso',
            index=models.Index(models.OrderBy(models.F('fecha_inicio'), descending=True), models.OrderBy(models.F('id'), descending=True), name='ingreso_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='ingreso',
            index=models.Index(fields=['estado', 'apellido', 'nombre', 'paciente', 'id'], name='ingreso_state_name_idx'),
        ),
    ]
