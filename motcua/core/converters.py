"""URL converters. Codes in paths are matched strictly, so a stray byte (e.g. %00, which
PostgreSQL cannot store or compare in text) is a 404 at the router, never a query."""


class CodeConverter:
    """National procedure codes (1.001193) and agency identifier codes (000.00.15.H51)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z._-]{0,34}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
