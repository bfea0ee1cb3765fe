"""Serializer helpers shared by every API resource."""

from django.utils.text import capfirst
from rest_framework import serializers


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field gets a description: its help text, else its Spanish verbose name."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = capfirst(str(field.label or name.replace("_", " ")))
        return fields
