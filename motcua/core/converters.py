"""URL converters. Codes in paths are matched strictly, so a stray byte (e.g. %00, which
PostgreSQL cannot store or compare in text) is a 404 at the router, never a query.

Registered once for every URLconf by CoreConfig.ready(): `<code:…>` and `<dossier:…>`."""

from django.urls import register_converter


class CodeConverter:
    """National procedure codes (1.001193) and agency identifier codes (000.00.15.H51)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z._-]{0,34}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DossierKeyConverter:
    """A dossier code (000.01.70.H51-260302-0001) or a draft's uid."""

    regex = r"[0-9A-Za-z][0-9A-Za-z._-]{0,47}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    register_converter(CodeConverter, "code")
    register_converter(DossierKeyConverter, "dossier")
