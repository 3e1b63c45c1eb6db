"""Language negotiation for the API.

Pages choose their language from the URL prefix (/en/...), with Vietnamese unprefixed, so
LocaleMiddleware pins every unprefixed path to Vietnamese. API clients have no prefix; they
say what they want in Accept-Language (default Vietnamese).
"""

from django.utils import translation


class ApiLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
