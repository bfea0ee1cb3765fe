"""What kind of access a ClinicalAccess row records; every existing row was an opening of the
clinical history (the database default fills them, without rewriting the table on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicalaccess",
            name="tipo",
            field=models.CharField(
                choices=[
                    ("HISTORIA", "Historia clínica"),
                    ("RESUMEN_PDF", "Resumen en PDF"),
                    ("EXPORTACION", "Exportación"),
                    ("INFORME_ACCESOS", "Informe de accesos"),
                ],
                db_default="HISTORIA",
                default="HISTORIA",
                max_length=20,
                verbose_name="tipo de acceso",
            ),
        ),
    ]
