"""
schema.org JSON-LD for role pages: {% role_jsonld role %} gives the JSON of
an `Occupation`, escaped for a <script type="application/ld+json"> element
(templates/includes/role_jsonld.html).
"""

import json

from django import template
from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from articles.models import Status
from roles.models import AlternativeTitle, Importance, Responsibility, RoleCompetency

register = template.Library()

# Inside <script> the HTML parser only looks for "</script"; escaping <, >
# and & as JSON unicode escapes keeps any text in the data from ending the
# element early, and the JSON means the same.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _prefetched_or(role, name, queryset):
    """What the page already loaded (published facts only), else one query."""
    cache = getattr(role, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else list(queryset)


def occupation(role, url=""):
    """The role as a schema.org Occupation, with what the articles know."""
    published = Status.PUBLISHED
    titles = _prefetched_or(
        role, "alternative_titles", AlternativeTitle.objects.public().filter(role=role)
    )
    competencies = _prefetched_or(
        role,
        "role_competencies",
        RoleCompetency.objects.public()
        .filter(role=role, competency__status=published)
        .select_related("competency"),
    )
    groups = _prefetched_or(
        role,
        "responsibility_groups",
        role.responsibility_groups.filter(source__status=published).prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.public())
        ),
    )
    # Must-haves first, in the profile's order; a competency once.
    ranked = sorted(competencies, key=lambda f: (f.importance != Importance.MUST, f.order))
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
