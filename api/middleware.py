"""Response headers of the JSON API that the site's middleware would get wrong."""

API_PREFIX = "/api/"


class ApiHeadersMiddleware:
    """API answers do not depend on the visitor's language: no ``Vary:
    Accept-Language`` or ``Content-Language`` (which Django's locale
    middleware adds to every page outside the reader site), so a shared cache
    keeps one copy per URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            vary = [
                value.strip()
                for value in response.get("Vary", "").split(",")
                if value.strip() and value.strip().lower() != "accept-language"
            ]
            if vary:
                response["Vary"] = ", ".join(vary)
            elif "Vary" in response:
                del response["Vary"]
            if "Content-Language" in response:
                del response["Content-Language"]
        return response
