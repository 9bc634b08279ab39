from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_migrate(sender, using, **kwargs):
    # Sent once per app: the group is complete after the last one, and
    # nothing is written while permissions are still missing.
    from .history import ensure_content_types
    from .management.commands.setup_redactie import ensure_redactie

    ensure_content_types(using)
    ensure_redactie(using)


class EditorialConfig(AppConfig):
    default = True
    name = "editorial"
    verbose_name = _("Redactie")

    def ready(self):
        from . import tags
        from .cache import content_committed
        from .counts import LISTS, changed, list_totals, register

        post_migrate.connect(after_migrate, dispatch_uid="editorial.after_migrate")
        content_committed.connect(changed, dispatch_uid="editorial.recount")
        register(LISTS, list_totals)
        tags.connect()


class RedactieAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the editors' site (its index: what needs attention)."""

    default = False
    default_site = "editorial.admin_site.RedactieAdminSite"
