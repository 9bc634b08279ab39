from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
