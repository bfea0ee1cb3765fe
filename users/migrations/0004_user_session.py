"""Device and address of each signed-in session, for "Mis sesiones"."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_clinical_access_tipo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UserSession",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("session_key", models.CharField(max_length=40, unique=True, verbose_name="clave de sesión")),
                ("user_agent", models.CharField(blank=True, max_length=300, verbose_name="navegador")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="dirección IP")),
                ("iniciada_el", models.DateTimeField(auto_now_add=True, verbose_name="iniciada el")),
                (
                    "usuario",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sesiones",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="usuario",
                    ),
                ),
            ],
            options={
                "verbose_name": "sesión de usuario",
                "verbose_name_plural": "sesiones de usuario",
                "ordering": ["-iniciada_el", "-id"],
            },
        ),
    ]
