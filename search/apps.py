from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(
            signals.after_migrate, sender=self, dispatch_uid="search.after_migrate"
        )
