from django.db import models


class LegacyIdMap(models.Model):
    """Which row of this database a row of an earlier DataMed installation became.

    Written by ``import_legacy_datamed`` for every imported row (most keep their id; a row
    whose id was already taken gets a new one), so a second run recognises what it already
    brought over and changes nothing.
    """

    tabla = models.CharField("tabla de origen", max_length=40)
    legacy_id = models.BigIntegerField("id en el origen")
    new_id = models.BigIntegerField("id en DataMed")

    class Meta:
        # The table keeps the name it had when the model lived in ``patients`` (0005).
        db_table = "patients_legacyidmap"
        verbose_name = "correspondencia de importación"
        verbose_name_plural = "correspondencias de importación"
        constraints = [models.UniqueConstraint(fields=["tabla", "legacy_id"], name="legacy_id_map_unique")]

    def __str__(self) -> str:
        return f"{self.tabla} {self.legacy_id} → {self.new_id}"
