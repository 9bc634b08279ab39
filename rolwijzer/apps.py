from django.apps import AppConfig


class RolwijzerConfig(AppConfig):
    name = "rolwijzer"
    verbose_name = "Rolwijzer"

    def ready(self):
        # Connects the security log receivers; any write to the knowledge
        # invalidates the cached pages.
        from . import cache, security  # noqa: F401

        cache.install()
