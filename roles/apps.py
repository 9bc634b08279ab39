from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_migrate(sender, using, **kwargs):
    from .management.commands.setup_redactie import ensure_redactie
    from .versioning import ensure_content_types

    ensure_content_types(using)
    ensure_redactie(using)


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Rollen en kennis")

    def ready(self):
        # History: which models django-reversion versions, and what each
        # version takes along.
        from . import versioning  # noqa: F401

        # The editors' group exists after every migrate (roles is migrated
        # after the apps whose permissions it holds).
        post_migrate.connect(after_migrate, sender=self)
