from django import template
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The knowledge base is written in Dutch whatever the interface language.
CONTENT_LANGUAGE = "nl"


@register.simple_tag
def content_lang():
    """` lang="nl"` on Dutch content when the interface is in another language."""
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == CONTENT_LANGUAGE:
        return ""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"')


@register.filter
def kind(entry):
    """What kind of entry this is, in the interface language: "Rol", "Competentie"."""
    return str(entry._meta.verbose_name).capitalize()


@register.filter
def entry_summary(entry, length=200):
    """
    An entry's one-line summary for link previews: its summary, or its
    description cut short; a responsibility without a description of its own
    is summed up by its group ("Werkzaamheden van de community manager. ...").
    """
    for name in ("summary", "description"):
        text = getattr(entry, name, "") or ""
        if text.strip():
            return Truncator(" ".join(text.split())).chars(length)
    group = getattr(entry, "group", None)
    if group is not None:
        text = f"{group.name}. {getattr(group, 'description', '') or ''}"
        return Truncator(" ".join(text.split())).chars(length)
    return ""


@register.simple_tag(takes_context=True)
def permalink(context, entry):
    """The entry's address in full, to share."""
    return context["request"].build_absolute_uri(entry.get_absolute_url())


@register.simple_tag(takes_context=True)
def edit_url(context, entry):
    """
    The admin page of `entry` for a logged-in editor who may change it, else
    "". A request without a session cookie is nobody's: the user is not even
    loaded, so pages for anonymous readers (the ones the page cache keeps,
    editorial/cache.py) never hold the link.
    """
    request = context.get("request")
    if request is None or entry is None or not hasattr(entry, "_meta"):
        return ""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    user = request.user
    opts = entry._meta
    if not (user.is_active and user.is_staff):
        return ""
    if not user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
        return ""
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
    except NoReverseMatch:
        return ""


# The three levels are the knowledge base's own words, but also the words of
# the interface's badges: in another interface language the badge says the
# level in that language (a level the articles add later keeps its name).
LEVEL_LABELS = {
    "operationeel": _("Operationeel"),
    "tactisch": _("Tactisch"),
    "strategisch": _("Strategisch"),
}


@register.filter
def level_label(level):
    """
    A level's name as a badge says it, in the interface language; `level`
    is a Level or a search result's badge ({"slug", "name", ...}).
    """
    if isinstance(level, dict):
        return LEVEL_LABELS.get(level.get("slug", ""), level.get("name", ""))
    return LEVEL_LABELS.get(getattr(level, "slug", ""), getattr(level, "name", ""))
