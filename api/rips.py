"""``/api/v1/reports/rips/``: the RIPS of an EPS and a period (Res. 2275 de 2023), with the same
rules as the page ``/reports/rips/``: validated first, nothing produced until it is clean."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.permissions import holds
from api.schema import FIELD_ERRORS
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


#: The body of a 400 for a RIPS that cannot be produced (its problems).
RIPS_PROBLEMS = {
    "type": "object",
    "description": "Problemas del RIPS: nada se generó hasta corregirlos.",
    "properties": {
        "problemas": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Cada problema como «usuario N (CC 123), consulta M: campo: motivo».",
        },
        "usuarios": {"type": "integer", "description": "Usuarios revisados."},
        "servicios": {"type": "integer", "description": "Servicios revisados."},
    },
    "required": ["problemas", "servicios", "usuarios"],
}


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
            # Either the request's field errors (as every endpoint) or the RIPS's problems.
            400: OpenApiResponse(
                {"oneOf": [FIELD_ERRORS, RIPS_PROBLEMS]},
                description="Datos de la petición no válidos (errores por campo), o problemas del RIPS.",
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
