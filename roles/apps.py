from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Rollen en kennis")

    def ready(self):
        from . import entry_counts, kinds

        kinds.declare_kinds()
        entry_counts.register()
