from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from motcua.agencies.merging import MERGE_STEPS
        from motcua.dossiers.merging import transfer_open_dossiers

        if transfer_open_dossiers not in MERGE_STEPS:
            MERGE_STEPS.append(transfer_open_dossiers)
