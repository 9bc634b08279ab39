"""
Helpers for the admin tests: editors, a small slice of knowledge with one
row of every model, and reading an admin form the way a browser submits it.
"""

from html.parser import HTMLParser
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)

PUBLISHED = Status.PUBLISHED
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
    k.tactisch = Level.objects.create(name="Tactisch", slug="tactisch", order=2, status=PUBLISHED)
    k.kirsten = Person.objects.create(
        name="Kirsten Wagenaar", slug="kirsten-wagenaar", status=PUBLISHED
    )
    k.article = Article.objects.create(
        title="De community manager wordt volwassen",
        slug="de-community-manager-wordt-volwassen",
        publication="DutchCowboys",
        summary="Over het vak van community manager.",
        status=PUBLISHED,
    )
    k.article.authors.add(k.kirsten)
    k.article.tags.add("community management")
    # Cited by nothing, so it can be deleted.
    k.uncited = Article.objects.create(
        title="Een artikel zonder feiten",
        slug="een-artikel-zonder-feiten",
        summary="Nog niets uit overgenomen.",
        status=PUBLISHED,
    )
    k.communicatief = Competency.objects.create(
        name="Communicatief",
        slug="communicatief",
        summary="Helder schrijven en luisteren.",
        status=PUBLISHED,
    )
    CompetencySource.objects.create(competency=k.communicatief, article=k.article)
    k.analytisch = Competency.objects.create(
        name="Analytisch", slug="analytisch", summary="Cijfers lezen.", status=PUBLISHED
    )
    CompetencySource.objects.create(competency=k.analytisch, article=k.article)

    k.role = Role.objects.create(
        name="Community manager",
        slug="community-manager",
        summary="Bouwt en onderhoudt een online gemeenschap.",
        status=PUBLISHED,
    )
    k.role.tags.add("community management")
    RoleSource.objects.create(role=k.role, article=k.article)
    RoleLevel.objects.create(role=k.role, level=k.tactisch, source=k.article)
    AlternativeTitle.objects.create(
        role=k.role, title="Community coach", source=k.article, said_by=k.kirsten
    )
    RoleCompetency.objects.create(role=k.role, competency=k.communicatief, source=k.article)
    k.evangelist = Role.objects.create(
        name="Social media evangelist",
        slug="social-media-evangelist",
        summary="Enthousiasmeert collega's voor sociale media.",
        status=PUBLISHED,
    )
    RoleSource.objects.create(role=k.evangelist, article=k.article)
    RoleRelation.objects.create(
        from_role=k.evangelist, kind="contrasted_with", to_role=k.role, source=k.article
    )
    k.group = ResponsibilityGroup.objects.create(
        name="Werkzaamheden van de community manager",
        slug="community-manager-werkzaamheden",
        role=k.role,
        source=k.article,
    )
    k.responsibility = Responsibility.objects.create(
        name="Analyseren", slug="analyseren", group=k.group, source=k.article, status=PUBLISHED
    )
    k.team = TeamStructure.objects.create(
        name="Social media team", slug="social-media-team", summary="Een team.", status=PUBLISHED
    )
    TeamStructureSource.objects.create(team_structure=k.team, article=k.article)
    TeamPosition.objects.create(team_structure=k.team, role=k.role, source=k.article)
    k.intel = Company.objects.create(name="Intel", slug="intel", status=PUBLISHED)
    CompanySource.objects.create(company=k.intel, article=k.article)
    k.example = CompanyExample.objects.create(
        slug="intel-social-media-team",
        company=k.intel,
        title="Een social media team",
        description="Intel zette een team op.",
        source=k.article,
        status=PUBLISHED,
    )
    k.example.roles.add(k.role)
    k.statement = Statement.objects.create(
        slug="community-manager-is-volwassen",
        kind="finding",
        text="Het vak wordt volwassen.",
        source=k.article,
        status=PUBLISHED,
    )
    k.statement.roles.add(k.role)
    k.statement.tags.add("community management")
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
