"""``/api/v1/reports/rips/``: the RIPS of an EPS and a period (Res. 2275 de 2023), with the same
rules as the page ``/reports/rips/``: validated first, nothing produced until it is clean."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.permissions import holds
from patients.choices import EntidadSalud
from rips import generator
from rips.forms import RipsForm
from users.permissions import EXPORT_DATA


class RipsRequestSerializer(serializers.Serializer):
    eps = serializers.ChoiceField(choices=EntidadSalud.choices, help_text="EPS a la que se factura.")
    desde = serializers.DateField(help_text="Primer día del periodo (AAAA-MM-DD).")
    hasta = serializers.DateField(help_text="Último día del periodo (AAAA-MM-DD), no en el futuro.")
    factura = serializers.CharField(max_length=20, help_text="Número de la factura electrónica (numFactura).")

    def validate(self, attrs):
        form = RipsForm({**attrs})
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        self.period = form.period()
        return attrs


class RipsProblemsSerializer(serializers.Serializer):
    problemas = serializers.ListField(
        child=serializers.CharField(),
        help_text="Cada problema como «usuario N (CC 123), consulta M: campo: motivo».",
    )
    usuarios = serializers.IntegerField(help_text="Usuarios revisados.")
    servicios = serializers.IntegerField(help_text="Servicios revisados.")


class RipsView(GenericAPIView):
    """Generate the RIPS: 200 with the JSON file, or 400 with every problem found."""

    serializer_class = RipsRequestSerializer
    pagination_class = None
    filter_backends = []
    action_checks = {None: holds(EXPORT_DATA)}

    @extend_schema(
        summary="Generar el RIPS en JSON (Res. 2275 de 2023) de una EPS y un periodo",
        tags=["Informes"],
        request=RipsRequestSerializer,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="La transacción RIPS (archivo JSON)."),
            400: OpenApiResponse(
                RipsProblemsSerializer, description="Datos no válidos o problemas del RIPS."
            ),
        },
        examples=[
            OpenApiExample(
                "Noviembre de Sanitas",
                value={"eps": "SANITAS", "desde": "2026-11-01", "hasta": "2026-11-30", "factura": "FE123"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        period = serializer.period
        result, spool = generator.generate_to_tempfile(period)
        if spool is None:
            body = {"problemas": result.problems, "usuarios": result.usuarios, "servicios": result.servicios}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return FileResponse(
            spool, as_attachment=True, filename=generator.file_name(period), content_type="application/json"
        )
