"""
schema.org JSON-LD for role pages: {% role_jsonld role %} gives the JSON of
an `Occupation`, escaped for a <script type="application/ld+json"> element
(templates/includes/role_jsonld.html).
"""

import json

from django import template
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.safestring import mark_safe

from roles.facts import IMPORTANCE_RANK
from roles.models import (
    AlternativeTitle,
    Responsibility,
    ResponsibilityGroup,
    RoleCompetency,
)

register = template.Library()

# Inside <script> the HTML parser only looks for "</script"; escaping <, >
# and & as JSON unicode escapes keeps any text in the data from ending the
# element early, and the JSON means the same.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _loaded(role, name, queryset):
    """
    The rows of `role.<name>`: those the page already prefetched (published
    facts only), else those of `queryset`, prefetched onto the role in one
    query (prefetch_related_objects leaves a prefetched relation as it is).
    """
    prefetch_related_objects([role], Prefetch(name, queryset=queryset))
    return list(getattr(role, name).all())


def occupation(role, url=""):
    """The role as a schema.org Occupation, with what the articles know."""
    titles = _loaded(role, "alternative_titles", AlternativeTitle.objects.public())
    competencies = _loaded(
        role,
        "role_competencies",
        RoleCompetency.objects.public().select_related("competency"),
    )
    groups = _loaded(
        role,
        "responsibility_groups",
        ResponsibilityGroup.objects.public().prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.public())
        ),
    )
    # Must-haves first, then nice-to-haves and named ones, in the profile's
    # order; a competency once.
    ranked = sorted(competencies, key=lambda f: (IMPORTANCE_RANK[f.importance], f.order))
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.name,
    }
    if url:
        data["url"] = url
    alternate = sorted({t.title for t in titles if t.title != role.name})
    if alternate:
        data["alternateName"] = alternate
    if role.summary:
        data["description"] = role.summary
    skills = list(dict.fromkeys(f.competency.name for f in ranked))
    if skills:
        data["skills"] = skills
    tasks = [task.name for group in groups for task in group.responsibilities.all()]
    if tasks:
        data["responsibilities"] = list(dict.fromkeys(tasks))
    # occupationalCategory (an ISCO or O*NET code) is left out: the articles
    # give none and Rolwijzer does not make one up.
    return data


@register.simple_tag(takes_context=True)
def role_jsonld(context, role):
    request = context.get("request")
    url = request.build_absolute_uri(role.get_absolute_url()) if request else ""
    text = json.dumps(occupation(role, url), ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
