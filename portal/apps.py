from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from editorial.cache import content_committed


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Lezerssite: home, zoeken, tags, downloads")

    def ready(self):
        # The downloads read models: imported once the apps are loaded.
        from .downloads import rebuilder
        from .tag_counts import register

        content_committed.connect(rebuilder.changed, dispatch_uid="portal.rebuild_downloads")
        register()
