"""The interactive API documentation (Swagger UI), served by the application itself.

drf-spectacular's split view delivers Swagger UI's start-up code as a separate script
(``?script``) instead of an inline ``<script>``, and the page's few rules of style come from a
static file instead of an inline ``<style>``: the page runs under the project's CSP unchanged.
The Swagger UI files come from drf-spectacular-sidecar (no CDN).
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
