"""
The admin site of the editors (installed in INSTALLED_APPS in place of
django.contrib.admin). Its index page starts with what needs attention:
drafts, entries without sources, and whatever a model admin adds through
`needs_attention(request)` (roles without competencies).
"""

from django.contrib.admin import AdminSite
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Status


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
        drafts, unsourced, lists = [], [], []
        models = [m["model"] for app in self.get_app_list(request) for m in app["models"]]
        for model in models:
            model_admin = self.get_model_admin(model)
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
            if hasattr(model_admin, "needs_attention"):
                found = model_admin.needs_attention(request)
                if found["count"]:
                    lists.append(found)
        drafts.sort(key=lambda item: str(item["name"]))
        unsourced.sort(key=lambda item: str(item["name"]))
        return {
            "drafts": drafts,
            "unsourced": unsourced,
            "lists": lists,
            "empty": not (drafts or unsourced or lists),
        }
