"""Token authentication with either scheme an HTTP client may send: ``Authorization: Token
<clave>`` (DRF's) or ``Authorization: Bearer <clave>`` (what most generated clients and tools
send by default). Both are declared in the OpenAPI contract."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

SCHEMES = ("Bearer", "Token")
UNKNOWN_SCHEME = (
    "Esquema de autorización no admitido: envíe el encabezado "
    "«Authorization: Bearer <clave>» o «Authorization: Token <clave>»."
)


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        scheme = next((name for name in SCHEMES if name.lower().encode() == header[0].lower()), None)
        if scheme is None:
            # Without this, another scheme answers "no credentials were provided", which misleads.
            raise exceptions.AuthenticationFailed(UNKNOWN_SCHEME)
        self.keyword = scheme
        return super().authenticate(request)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenSchemes(OpenApiAuthenticationExtension):
    """Two alternative security schemes: an operation accepts either (an OR, not an AND)."""

    target_class = TokenAuthentication
    name = ["bearerAuth", "tokenAuth"]

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in self.name]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "description": "Encabezado `Authorization: Bearer <clave>` con la clave del usuario.",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Encabezado `Authorization: Token <clave>` (la misma clave).",
            },
        ]
