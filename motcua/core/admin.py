"""Admin site branding; every component registers its own models in its admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Electronic one-stop system")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("Back office")
