"""
Helpers for the admin tests: editors, a small slice of knowledge with one
row of every model, and reading an admin form the way a browser submits it.
"""

from html.parser import HTMLParser
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factories import (
    AffiliationFactory,
    AlternativeTitleFactory,
    ArticleFactory,
    CompanyExampleFactory,
    CompanyFactory,
    CompetencyFactory,
    DebateFactory,
    LevelFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    ResponsibilityFactory,
    ResponsibilityGroupFactory,
    RoleCompetencyFactory,
    RoleFactory,
    RoleLevelFactory,
    RoleRelationFactory,
    StatementFactory,
    TeamPositionFactory,
    TeamStructureFactory,
)

PASSWORD = "een-lang-wachtwoord-voor-tests"


def make_user(username, *, staff=False, editor=False, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.is_staff = staff or editor
    user.save()
    if editor:
        user.groups.add(Group.objects.get(name="Redactie"))
    return user


def build_knowledge():
    """One published row of every model, linked the way the articles link them."""
    k = SimpleNamespace()
    k.tactisch = LevelFactory(name="Tactisch", order=2)
    k.kirsten = PersonFactory(name="Kirsten Wagenaar")
    k.article = ArticleFactory(
        title="De community manager wordt volwassen",
        publication="DutchCowboys",
        summary="Over het vak van community manager.",
        authors=[k.kirsten],
        tags=["community management"],
    )
    # Cited by nothing, so it can be deleted.
    k.uncited = ArticleFactory(
        title="Een artikel zonder feiten", summary="Nog niets uit overgenomen."
    )
    k.communicatief = CompetencyFactory(
        name="Communicatief", summary="Helder schrijven en luisteren.", sources=[k.article]
    )
    k.analytisch = CompetencyFactory(
        name="Analytisch", summary="Cijfers lezen.", sources=[k.article]
    )

    k.role = RoleFactory(
        name="Community manager",
        summary="Bouwt en onderhoudt een online gemeenschap.",
        tags=["community management"],
        sources=[k.article],
    )
    RoleLevelFactory(role=k.role, level=k.tactisch, source=k.article)
    AlternativeTitleFactory(
        role=k.role, title="Community coach", source=k.article, said_by=k.kirsten
    )
    RoleCompetencyFactory(role=k.role, competency=k.communicatief, source=k.article)
    k.evangelist = RoleFactory(
        name="Social media evangelist",
        summary="Enthousiasmeert collega's voor sociale media.",
        sources=[k.article],
    )
    RoleRelationFactory(
        from_role=k.evangelist, kind="contrasted_with", to_role=k.role, source=k.article
    )
    k.group = ResponsibilityGroupFactory(
        name="Werkzaamheden van de community manager",
        slug="community-manager-werkzaamheden",
        role=k.role,
        source=k.article,
    )
    k.responsibility = ResponsibilityFactory(name="Analyseren", group=k.group)
    k.team = TeamStructureFactory(
        name="Social media team", summary="Een team.", sources=[k.article]
    )
    TeamPositionFactory(team_structure=k.team, role=k.role, source=k.article)
    k.intel = CompanyFactory(name="Intel", sources=[k.article])
    k.example = CompanyExampleFactory(
        slug="intel-social-media-team",
        company=k.intel,
        title="Een social media team",
        description="Intel zette een team op.",
        source=k.article,
        roles=[k.role],
    )
    k.organisation = OrganisationFactory(
        name="Community Managers Nederland", description="Vakvereniging.", sources=[k.article]
    )
    AffiliationFactory(
        person=k.kirsten, organisation=k.organisation, function="voorzitter", source=k.article
    )
    k.statement = StatementFactory(
        slug="community-manager-is-volwassen",
        kind="finding",
        text="Het vak wordt volwassen.",
        source=k.article,
        roles=[k.role],
        tags=["community management"],
    )
    k.debate = DebateFactory(question="Hoe noem je de rol?", roles=[k.role], sources=[k.article])
    k.position = PositionFactory(
        debate=k.debate, stance="Community manager.", source=k.article, said_by=k.kirsten
    )
    PositionFactory(
        debate=k.debate, stance="Community coach.", source=k.article, answers=k.position
    )
    return k


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self.textarea = None
        self.select = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(name, attrs.get("value") or "on")
                return
            self.add(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value") or "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.add(name, value[1:] if value.startswith("\n") else value)
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(response, form_id=None):
    """
    The fields of an admin form in `response` as a browser would submit them
    (a dict of lists, for the test client). `form_id` defaults to the change
    form of the page's model ("<model_name>_form").
    """
    if form_id is None:
        form_id = f"{response.context['opts'].model_name}_form"
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form {form_id!r} on the page"
    return reader.data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
