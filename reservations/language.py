"""Bahasa Indonesia first, English by choice.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, so a front-desk
computer or a phone set to English got the portal in English. The portal serves
Indonesian unless the person pressed "EN" (the language cookie set by
``set_language``); the choice is theirs, not their browser's.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language the person chose with the switcher, else the portal's own (Indonesian)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
