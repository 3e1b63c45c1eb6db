"""Template helpers for printed forms: `{% qr url %}`, `|vn_date`, `|vn_datetime`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from motcua.printing import dates
from motcua.printing.render import qr_data_uri

register = template.Library()


@register.simple_tag
def qr(data: str, size: str = "", alt: str = "") -> str:
    """An <img> of the QR code encoding `data`; `size` is a CSS length (default from CSS)."""
    style = f"width: {size}; height: {size}" if size else ""
    return format_html(
        '<img class="qr" src="{}" alt="{}"{}>',
        qr_data_uri(str(data)),
        alt or _("QR code"),
        format_html(' style="{}"', style) if style else "",
    )


register.filter("vn_date", dates.vn_date, is_safe=False)
register.filter("vn_datetime", dates.vn_datetime, is_safe=False)
