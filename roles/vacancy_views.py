"""
/roles/<slug>/vacature/: the vacancy builder, a plain GET form. The same URL
shows the form and, once submitted, the vacancy text first (beside the form
on a wide screen, above it on a phone); ?format=txt, md or docx downloads
it. Every parameter is validated by the form: an unknown slug or level is a
form error, never a server error.
"""

from django import forms
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .documents import DOCX_TYPE
from .models import Role
from .vacancy import Selection, VacancyProfile
from .vacancy_text import Employer, compose

FORMATS = {
    "txt": ("text/plain; charset=utf-8", lambda vacancy: vacancy.as_text()),
    "md": ("text/markdown; charset=utf-8", lambda vacancy: vacancy.as_markdown()),
    "docx": (DOCX_TYPE, lambda vacancy: vacancy.as_document().as_docx()),
}


class VacancyForm(forms.Form):
    level = forms.ChoiceField(label=_("Niveau"), widget=forms.RadioSelect)
    must = forms.MultipleChoiceField(label=_("Must-have"), required=False)
    nice = forms.MultipleChoiceField(label=_("Pré"), required=False)
    tasks = forms.MultipleChoiceField(label=_("Taken"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    organisation = forms.CharField(label=_("Organisatie"), max_length=100, required=False)
    location = forms.CharField(label=_("Standplaats"), max_length=100, required=False)
    hours = forms.CharField(
        label=_("Uren per week"),
        max_length=60,
        required=False,
        help_text=_("Bijvoorbeeld 32 of 32 tot 36 uur per week."),
    )
    salary_min = forms.IntegerField(
        label=_("Salaris vanaf"), required=False, min_value=0, max_value=1_000_000
    )
    salary_max = forms.IntegerField(
        label=_("Salaris tot"), required=False, min_value=0, max_value=1_000_000
    )
    format = forms.ChoiceField(
        label=_("Formaat"),
        required=False,
        choices=[("", "HTML"), ("txt", _("platte tekst")), ("md", "Markdown"), ("docx", "Word")],
    )

    # The names of the fields that make up a vacancy; `format` only says how
    # to deliver it.
    selection_fields = ("level", "must", "nice", "tasks", "team")
    employer_fields = ("organisation", "location", "hours", "salary_min", "salary_max")

    def __init__(self, profile, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["level"].choices = [(lv.slug, lv.name) for lv in profile.levels]
        competencies = [(o.slug, o.competency.name) for o in profile.competency_options]
        self.fields["must"].choices = competencies
        self.fields["nice"].choices = competencies
        self.fields["tasks"].choices = [(slug, task.name) for slug, task in profile.tasks.items()]
        self.fields["team"].choices = [("", _("Geen team gekozen"))] + [
            (team.slug, team.name) for team in profile.teams
        ]

    def clean(self):
        data = super().clean()
        both = set(data.get("must", ())) & set(data.get("nice", ()))
        if both:
            names = [o.competency.name for o in self.profile.competency_options if o.slug in both]
            raise forms.ValidationError(
                _("Een competentie is must-have óf pré, niet allebei: %(names)s."),
                code="both",
                params={"names": ", ".join(names)},
            )
        low, high = data.get("salary_min"), data.get("salary_max")
        if low and high and low > high:
            self.add_error("salary_max", _("Het salaris tot is lager dan het salaris vanaf."))
        return data

    def employer(self):
        return Employer(**{name: self.cleaned_data[name] for name in self.employer_fields})

    def selection(self):
        data = self.cleaned_data
        options = {o.slug: o for o in self.profile.competency_options}
        tasks = self.profile.tasks
        team = next((t for t in self.profile.teams if t.slug == data["team"]), None)
        return Selection(
            level=self.profile.level_by_slug[data["level"]],
            must=[o for slug, o in options.items() if slug in data["must"]],
            nice=[o for slug, o in options.items() if slug in data["nice"]],
            tasks=[task for slug, task in tasks.items() if slug in data["tasks"]],
            team=team,
        )


# The form sends this with every submission: then a box left unticked means
# "not wanted". A link that names only some choices (?level=strategisch, a
# download) gets the profile's defaults for the rest.
SUBMITTED = "chosen"


def _is_submitted(request):
    return SUBMITTED in request.GET


LINK_FIELDS = (*VacancyForm.selection_fields, *VacancyForm.employer_fields, "format")


def _names_choices(request):
    return any(name in request.GET for name in LINK_FIELDS)


def _with_defaults(profile, query):
    values = profile.initial()
    for name in LINK_FIELDS:
        if name in query:
            values[name] = (
                query.getlist(name) if isinstance(values.get(name), list) else query[name]
            )
    return _as_query(values)


def _as_query(values):
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value or ""])
    return data


def vacancy(request, slug):
    role = get_object_or_404(Role.objects.public(), slug=slug)
    profile = VacancyProfile(role)
    if _is_submitted(request):
        form = VacancyForm(profile, request.GET)
    elif _names_choices(request):
        form = VacancyForm(profile, _with_defaults(profile, request.GET))
    else:
        form = VacancyForm(profile, initial=profile.initial())

    result = None
    if form.is_bound and form.is_valid():
        result = compose(
            profile,
            form.selection(),
            role_url=request.build_absolute_uri(role.get_absolute_url()),
            employer=form.employer(),
        )
        fmt = form.cleaned_data["format"]
        if fmt:
            content_type, render_as = FORMATS[fmt]
            response = HttpResponse(render_as(result), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="vacature-{result.slug}.{fmt}"'
            return response
    elif form.is_bound and request.GET.get("format") in FORMATS:
        # A download asked for with choices that do not hold: say why, as text.
        errors = "\n".join(
            f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
        )
        return HttpResponse(errors + "\n", status=400, content_type="text/plain; charset=utf-8")

    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "roles/vacancy.html",
        {
            "role": role,
            "profile": profile,
            "form": form,
            "rows": _rows(form, profile),
            "result": result,
            # To copy into a job site: the advertisement without the notes.
            "text": result.as_text(notes=False) if result else "",
            "markdown": result.as_markdown(notes=False) if result else "",
            "download_query": query.urlencode(),
        },
    )


def _checked(form, name):
    """The values ticked for a field: what was submitted, or the defaults."""
    if form.is_bound:
        return set(form.data.getlist(name))
    value = form.initial.get(name)
    return set(value) if isinstance(value, list) else {value}


def _rows(form, profile):
    """What the template needs to draw the form, with each box's state."""
    must, nice, tasks = _checked(form, "must"), _checked(form, "nice"), _checked(form, "tasks")
    level = _checked(form, "level")
    team = _checked(form, "team")
    return {
        "levels": [(lv, lv.slug in level) for lv in profile.levels],
        "competencies": [
            (option, option.slug in must, option.slug in nice)
            for option in profile.competency_options
        ],
        "task_groups": [
            (group, [(task, task.slug in tasks) for task in group.tasks])
            for group in profile.task_groups
        ],
        "teams": [(t, profile.positions[t.slug], t.slug in team) for t in profile.teams],
        "no_team": not (team - {""}),
        "employer": [form[name] for name in VacancyForm.employer_fields],
    }
