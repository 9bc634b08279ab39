"""
/teams/advies/: "Welk team past bij ons?". Three questions (how large the
organisation is, how far it has come with social media, what the team is
for) as a plain GET form, so every answer has an address to share, and the
team structures that fit, each with its roles, why it fits and what the
sources disagree on, in the articles' own words: the reasons are statements
of the knowledge base, cited with their article and person, and only shown
while they are public.

Which structure fits which answers is the one thing decided here, in
`ADVICE`; everything a reader sees comes from the knowledge base.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from editorial.views import PublicPage

from .models import Role, Statement, TeamPosition, TeamStructure
from .orgchart import merge_positions

SIZES = [
    ("klein", _("Klein: een klein bedrijf of een kleine organisatie")),
    ("groot", _("Groot: veel afdelingen, misschien in meer landen")),
]
STAGES = [
    ("begin", _("We beginnen: sociale media staan nog in de kinderschoenen")),
    ("groei", _("Het groeit: de eerste successen, meer afdelingen doen mee")),
    ("ver", _("Ver: sociale media horen al bij het werk van elke afdeling")),
]
PURPOSES = [
    ("interactie", _("Communicatie en interactie: content, monitoren en antwoorden")),
    ("intranet", _("Een community op het (sociale) intranet")),
    ("verandering", _("De verandering: sociale media in de hele organisatie laten landen")),
]


@dataclass(frozen=True)
class Advice:
    """
    One answer the articles give: a team structure (or, where they describe
    no structure, only roles), the answers it fits, and the statements that
    say why and where the sources differ.
    """

    key: str
    sizes: frozenset
    stages: frozenset
    purposes: frozenset
    reasons: tuple  # statement slugs
    disputes: tuple = ()  # statement slugs
    team: str = ""  # team structure slug
    roles: tuple = ()  # role slugs, where there is no team structure


def advice(key, sizes, stages, purposes, reasons, disputes=(), team="", roles=()):
    return Advice(
        key,
        frozenset(sizes),
        frozenset(stages),
        frozenset(purposes),
        reasons,
        disputes,
        team,
        roles,
    )


ADVICE = [
    advice(
        "een-conversation-manager",
        team="een-conversation-manager",
        sizes=["klein"],
        stages=["begin", "groei"],
        purposes=["verandering", "interactie"],
        reasons=(
            "klein-bedrijf-een-persoon-groot-bedrijf-team",
            "vroeg-een-eindverantwoordelijke-aanstellen",
            "conversation-manager-begint-als-eenmanszaak",
        ),
        disputes=("op-tijd-uitbesteden-of-personeel-aannemen",),
    ),
    advice(
        "centraal-social-media-team",
        team="centraal-social-media-team",
        sizes=["groot"],
        stages=["begin", "groei"],
        purposes=["verandering", "interactie"],
        reasons=(
            "klein-bedrijf-een-persoon-groot-bedrijf-team",
            "vroeg-een-eindverantwoordelijke-aanstellen",
            "zonder-centraal-team-strijd-om-trekkersrol",
        ),
        disputes=(
            "social-media-team-op-lange-termijn-overbodig",
            "altijd-plaats-voor-trends-en-experimenten",
        ),
    ),
    advice(
        "intern-social-media-expert-team",
        team="intern-social-media-expert-team",
        sizes=["groot"],
        stages=["begin", "groei"],
        purposes=["interactie"],
        reasons=(
            "model-barger-vooral-voor-grote-bedrijven",
            "executive-champion-van-in-het-begin",
            "buy-in-van-minstens-twee-managers",
        ),
        disputes=(
            "social-media-team-sluit-aan-bij-pr",
            "social-media-team-sluit-aan-bij-marketing-en-klantenservice",
        ),
    ),
    advice(
        "hub-and-spoke",
        team="hub-and-spoke",
        sizes=["klein", "groot"],
        stages=["groei", "ver"],
        purposes=["interactie", "verandering"],
        reasons=("social-team-kent-volwassenheidsstadia",),
    ),
    advice(
        "decentrale-organisatie",
        team="decentrale-organisatie",
        sizes=["klein", "groot"],
        stages=["ver"],
        purposes=["interactie", "verandering"],
        reasons=("sociale-media-decentraal-organiseren",),
        disputes=("veel-bedrijven-niet-klaar-voor-decentraal",),
    ),
    advice(
        "altimeter-model",
        team="altimeter-model",
        sizes=["groot"],
        stages=["groei", "ver"],
        purposes=["interactie"],
        reasons=("altimeter-model-aanpassen-aan-eigen-organisatie",),
        disputes=("altimeter-model-te-opgesplitst", "altimeter-schaalt-niet-vanzelf"),
    ),
    advice(
        "intranet-community",
        roles=("community-manager",),
        sizes=["klein", "groot"],
        stages=["begin", "groei", "ver"],
        purposes=["intranet"],
        reasons=(
            "goede-community-manager-vergroot-kans-op-succes",
            "community-manager-is-coordinator-en-adviseur",
        ),
        disputes=("woord-manager-wekt-weerstand", "community-coach-werkt-beter"),
    ),
]


class AdvisorForm(forms.Form):
    size = forms.ChoiceField(
        label=_("Hoe groot is de organisatie?"), choices=SIZES, widget=forms.RadioSelect
    )
    stage = forms.ChoiceField(
        label=_("Hoe ver zijn sociale media geïntegreerd?"),
        choices=STAGES,
        widget=forms.RadioSelect,
    )
    purpose = forms.ChoiceField(
        label=_("Waarvoor is het team?"), choices=PURPOSES, widget=forms.RadioSelect
    )


def matches(item, answers):
    """The questions whose answer this advice does not fit (none: it fits)."""
    misses = []
    if answers["size"] not in item.sizes:
        misses.append("size")
    if answers["stage"] not in item.stages:
        misses.append("stage")
    if answers["purpose"] not in item.purposes:
        misses.append("purpose")
    return misses


@dataclass
class Answer:
    advice: Advice
    misses: list
    team: object = None
    members: list = None  # merged positions, lead first
    roles: list = None  # roles to compare and hire for
    reasons: list = None
    disputes: list = None
    miss_labels: list = None

    @property
    def compare_slugs(self):
        return ",".join(role.slug for role in self.roles[:3])


def answers_for(answers):
    """The advice that fits all three answers, then what fits two of them."""
    ranked = [(item, matches(item, answers)) for item in ADVICE]
    # The purpose decides what a team is for: an advice for another purpose
    # is no answer at all.
    ranked = [(item, misses) for item, misses in ranked if "purpose" not in misses]
    fitting = [Answer(item, misses) for item, misses in ranked if not misses]
    partly = [Answer(item, misses) for item, misses in ranked if len(misses) == 1]
    load(fitting + partly)
    # What the knowledge base no longer holds (a structure taken back to
    # draft) is no answer either.
    keep = [a for a in fitting + partly if (a.team is not None if a.advice.team else a.roles)]
    return [a for a in keep if not a.misses], [a for a in keep if a.misses]


def load(answers):
    """Teams, positions, roles and statements for all answers: a fixed number of queries."""
    team_slugs = {a.advice.team for a in answers if a.advice.team}
    role_slugs = {slug for a in answers for slug in a.advice.roles}
    statement_slugs = {s for a in answers for s in (*a.advice.reasons, *a.advice.disputes)}
    teams = {
        team.slug: team
        for team in TeamStructure.objects.public()
        .filter(slug__in=team_slugs)
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=TeamPosition.objects.public().select_related("role").order_by("order"),
            )
        )
    }
    roles = {role.slug: role for role in Role.objects.public().filter(slug__in=role_slugs)}
    statements = {
        statement.slug: statement
        for statement in Statement.objects.public()
        .filter(slug__in=statement_slugs)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.public().order_by("name")))
    }
    for answer in answers:
        item = answer.advice
        answer.reasons = [statements[s] for s in item.reasons if s in statements]
        answer.disputes = [statements[s] for s in item.disputes if s in statements]
        answer.team = teams.get(item.team)
        if answer.team is not None:
            members = merge_positions(list(answer.team.positions.all()))
            answer.members = sorted(
                members, key=lambda m: (not m.is_lead, m.placement != "in_team")
            )
            answer.roles = [m.role for m in answer.members if m.placement == "in_team"]
        else:
            answer.members = []
            answer.roles = [roles[s] for s in item.roles if s in roles]
        if not answer.roles:
            # The articles name no positions: the roles their reasons name.
            named = [role for s in answer.reasons for role in s.roles.all()]
            answer.roles = list({role.pk: role for role in named}.values())


class TeamAdvisorView(PublicPage, TemplateView):
    template_name = "roles/team_advisor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = any(name in self.request.GET for name in AdvisorForm.base_fields)
        form = AdvisorForm(self.request.GET if asked else None)
        fitting, partly = [], []
        if form.is_bound and form.is_valid():
            fitting, partly = answers_for(form.cleaned_data)
        for answer in partly:
            answer.miss_labels = [form.fields[name].label for name in answer.misses]
        context.update(
            form=form,
            fitting=fitting,
            partly=partly,
            answered=form.is_bound and form.is_valid(),
            questions=[questions_row(form, name) for name in AdvisorForm.base_fields],
        )
        return context


def questions_row(form, name):
    """A question and its choices, each with whether it is the one chosen."""
    chosen = form.data.get(name) if form.is_bound else None
    field = form[name]
    return field, [(value, label, chosen == value) for value, label in field.field.choices]
