from django.apps import AppConfig


class RolwijzerConfig(AppConfig):
    name = "rolwijzer"
    verbose_name = "Rolwijzer"

    def ready(self):
        # Connects the security log receivers.
        from . import security  # noqa: F401
