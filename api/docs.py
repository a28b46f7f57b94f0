"""Readable docs of the schema: Swagger UI, served from our own static files.

The split view loads its start-up script from a URL rather than inline, so
the site's Content-Security-Policy (scripts from our origin only) holds.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    # Without the stock page's inline <style>, which the policy would block.
    template_name = "api/swagger_ui.html"
