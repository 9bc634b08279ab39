"""
The admin site of the editors (installed in INSTALLED_APPS in place of
django.contrib.admin). Its index page starts with what needs attention:
drafts, entries without sources and roles without competencies.

Models are imported inside the methods: this module is loaded while the app
registry is still being set up.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# How many roles without competencies the index names (the count is exact).
LISTED = 10


class RedactieAdminSite(AdminSite):
    site_header = _("Rolwijzer redactie")
    site_title = _("Rolwijzer redactie")
    index_title = _("Redactie")

    def index(self, request, extra_context=None):
        context = {"attention": self.needs_attention(request)}
        context.update(extra_context or {})
        return super().index(request, context)

    def needs_attention(self, request):
        """
        Counts with links to the filtered lists. One query per kind of entry,
        whatever the amount of data, and only what the user may see.
        """
        from articles.models import Status
        from roles.models import Role

        drafts, unsourced = [], []
        for model, model_admin in self._registry.items():
            if not model_admin.has_view_or_change_permission(request):
                continue
            opts = model._meta
            changelist = reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_changelist")
            if any(field.name == "status" for field in opts.fields):
                count = model._default_manager.filter(status=Status.DRAFT).count()
                if count:
                    drafts.append(
                        {
                            "name": opts.verbose_name_plural,
                            "count": count,
                            "url": f"{changelist}?status__exact={Status.DRAFT}",
                        }
                    )
            relation = getattr(model_admin, "sources_relation", None)
            if relation:
                count = model._default_manager.filter(**{f"{relation}__isnull": True}).count()
                if count:
                    unsourced.append(
                        {
                            "name": opts.verbose_name_plural,
                            "count": count,
                            "url": f"{changelist}?bronnen=geen",
                        }
                    )
        drafts.sort(key=lambda item: str(item["name"]))
        unsourced.sort(key=lambda item: str(item["name"]))

        without_competencies = None
        role_admin = self._registry.get(Role)
        if role_admin and role_admin.has_view_or_change_permission(request):
            roles = Role.objects.filter(role_competencies__isnull=True).order_by("name")
            listed = list(roles.values("pk", "name")[: LISTED + 1])
            count = len(listed) if len(listed) <= LISTED else roles.count()
            without_competencies = {
                "count": count,
                "url": reverse(f"{self.name}:roles_role_changelist") + "?competenties=geen",
                "roles": [
                    {
                        "name": role["name"],
                        "url": reverse(f"{self.name}:roles_role_change", args=[role["pk"]]),
                    }
                    for role in listed[:LISTED]
                ],
            }
        return {
            "drafts": drafts,
            "unsourced": unsourced,
            "without_competencies": without_competencies,
            "empty": not (drafts or unsourced or (without_competencies or {}).get("count")),
        }


class RedactieAdminConfig(AdminConfig):
    default_site = "roles.admin_site.RedactieAdminSite"
