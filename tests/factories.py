"""
The one builder of test knowledge: a factory_boy factory for every model, and
the slice of the knowledge base the page tests open, built with them.

Every factory makes a published row (`draft=True` makes a draft) with a name
and slug from a sequence, and every fact or sourced entry gets an article of
its own as its source unless it is given one. Relations are passed as lists:
`RoleFactory(sources=[article], tags=["community management"])`,
`ArticleFactory(authors=[person])`, `StatementFactory(roles=[role])`.

`build_site()` is a small, complete slice: two articles, people, three
levels, roles with every kind of fact, a team structure, a company,
statements, and one draft of every kind that readers must never see or be
linked to. `add_bulk(site, n)` adds n more of everything, all linked to the
entries the page tests open, so a test can show that a page's query count
does not grow with the data.
"""

import datetime
from types import SimpleNamespace

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Affiliation, Article, Organisation, OrganisationSource, Person
from debates.models import Debate, Position
from editorial.models import Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Placement,
    RelationKind,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    StatementKind,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)


def _adds(relation):
    """A post-generation hook: `Factory(relation=[a, b])` adds a and b to the relation."""

    def add(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, relation).add(*extracted)

    return factory.PostGeneration(add)


def _slug_of(field):
    return factory.LazyAttribute(lambda obj: slugify(getattr(obj, field))[:200])


class _Factory(DjangoModelFactory):
    class Meta:
        abstract = True
        # Relations are added by the hooks themselves; no second save().
        skip_postgeneration_save = True


class _CuratedFactory(_Factory):
    class Meta:
        abstract = True

    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)


# People and articles ---------------------------------------------------------


class PersonFactory(_CuratedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Persoon {n}")
    slug = _slug_of("name")


class ArticleFactory(_CuratedFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Artikel {n}")
    slug = _slug_of("title")
    summary = "Samenvatting in eigen woorden."
    authors = _adds("authors")
    tags = _adds("tags")


class _SourcedFactory(_Factory):
    """A fact from one article (its own, unless given one), said by no one in particular."""

    class Meta:
        abstract = True

    source = factory.SubFactory(ArticleFactory)


class OrganisationFactory(_CuratedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = _slug_of("name")

    @factory.post_generation
    def sources(organisation, create, articles, **kwargs):
        for article in articles or ():
            OrganisationSource.objects.create(organisation=organisation, article=article)


class AffiliationFactory(_SourcedFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)


# Entries ---------------------------------------------------------------------


class LevelFactory(_CuratedFactory):
    class Meta:
        model = Level

    name = factory.Sequence(lambda n: f"Niveau {n}")
    slug = _slug_of("name")
    order = factory.Sequence(lambda n: 10 + n)


class RoleFactory(_CuratedFactory):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Rol {n}")
    slug = _slug_of("name")
    summary = "Een rol uit de artikelen."
    tags = _adds("tags")

    @factory.post_generation
    def sources(role, create, articles, **kwargs):
        for article in articles or ():
            RoleSourceFactory(role=role, article=article)


class CompetencyFactory(_CuratedFactory):
    class Meta:
        model = Competency

    name = factory.Sequence(lambda n: f"Competentie {n}")
    slug = _slug_of("name")
    summary = "Een competentie uit de artikelen."
    tags = _adds("tags")

    @factory.post_generation
    def sources(competency, create, articles, **kwargs):
        for article in articles or ():
            CompetencySourceFactory(competency=competency, article=article)


class TeamStructureFactory(_CuratedFactory):
    class Meta:
        model = TeamStructure

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = _slug_of("name")
    summary = "Een teamstructuur uit de artikelen."
    tags = _adds("tags")

    @factory.post_generation
    def sources(team_structure, create, articles, **kwargs):
        for article in articles or ():
            TeamStructureSourceFactory(team_structure=team_structure, article=article)


class CompanyFactory(_CuratedFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Bedrijf {n}")
    slug = _slug_of("name")
    tags = _adds("tags")

    @factory.post_generation
    def sources(company, create, articles, **kwargs):
        for article in articles or ():
            CompanySourceFactory(company=company, article=article)


# Which articles describe an entry --------------------------------------------


class RoleSourceFactory(_Factory):
    class Meta:
        model = RoleSource

    role = factory.SubFactory(RoleFactory)
    article = factory.SubFactory(ArticleFactory)


class CompetencySourceFactory(_Factory):
    class Meta:
        model = CompetencySource

    competency = factory.SubFactory(CompetencyFactory)
    article = factory.SubFactory(ArticleFactory)


class TeamStructureSourceFactory(_Factory):
    class Meta:
        model = TeamStructureSource

    team_structure = factory.SubFactory(TeamStructureFactory)
    article = factory.SubFactory(ArticleFactory)


class CompanySourceFactory(_Factory):
    class Meta:
        model = CompanySource

    company = factory.SubFactory(CompanyFactory)
    article = factory.SubFactory(ArticleFactory)


# Facts that link entries -----------------------------------------------------


class RoleLevelFactory(_SourcedFactory):
    class Meta:
        model = RoleLevel

    role = factory.SubFactory(RoleFactory)
    level = factory.SubFactory(LevelFactory)


class AlternativeTitleFactory(_SourcedFactory):
    class Meta:
        model = AlternativeTitle

    role = factory.SubFactory(RoleFactory)
    title = factory.Sequence(lambda n: f"Andere titel {n}")


class RoleCompetencyFactory(_SourcedFactory):
    class Meta:
        model = RoleCompetency

    role = factory.SubFactory(RoleFactory)
    competency = factory.SubFactory(CompetencyFactory)


class RoleRelationFactory(_SourcedFactory):
    class Meta:
        model = RoleRelation

    from_role = factory.SubFactory(RoleFactory)
    kind = RelationKind.WORKS_CLOSELY_WITH
    to_role = factory.SubFactory(RoleFactory)


class TeamPositionFactory(_SourcedFactory):
    class Meta:
        model = TeamPosition

    team_structure = factory.SubFactory(TeamStructureFactory)
    role = factory.SubFactory(RoleFactory)


# Entries that come from one article ------------------------------------------


class ResponsibilityGroupFactory(_SourcedFactory):
    """A role's group, or a team structure's when given `team_structure`."""

    class Meta:
        model = ResponsibilityGroup

    name = factory.Sequence(lambda n: f"Groep {n}")
    slug = _slug_of("name")
    team_structure = None
    role = factory.Maybe("team_structure", None, factory.SubFactory(RoleFactory))


class ResponsibilityFactory(_CuratedFactory, _SourcedFactory):
    """A task, from its group's article unless given another."""

    class Meta:
        model = Responsibility

    name = factory.Sequence(lambda n: f"Taak {n}")
    slug = _slug_of("name")
    group = factory.SubFactory(ResponsibilityGroupFactory)
    source = factory.SelfAttribute("group.source")


class CompanyExampleFactory(_CuratedFactory, _SourcedFactory):
    class Meta:
        model = CompanyExample

    slug = factory.Sequence(lambda n: f"voorbeeld-{n}")
    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Voorbeeld {n}")
    description = "Wat het bedrijf deed, in eigen woorden."
    roles = _adds("roles")


class StatementFactory(_CuratedFactory, _SourcedFactory):
    class Meta:
        model = Statement

    slug = factory.Sequence(lambda n: f"uitspraak-{n}")
    kind = StatementKind.FINDING
    text = factory.Sequence(lambda n: f"Uitspraak {n} in eigen woorden.")
    roles = _adds("roles")
    competencies = _adds("competencies")
    team_structures = _adds("team_structures")
    companies = _adds("companies")
    tags = _adds("tags")


# Debates ---------------------------------------------------------------------


class DebateFactory(_CuratedFactory):
    class Meta:
        model = Debate

    question = factory.Sequence(lambda n: f"Debatvraag {n}?")
    slug = factory.Sequence(lambda n: f"debat-{n}")
    summary = "Waar de bronnen over verschillen, in eigen woorden."
    roles = _adds("roles")
    team_structures = _adds("team_structures")
    competencies = _adds("competencies")
    sources = _adds("sources")
    tags = _adds("tags")


class PositionFactory(_SourcedFactory):
    class Meta:
        model = Position

    slug = factory.Sequence(lambda n: f"standpunt-{n}")
    debate = factory.SubFactory(DebateFactory)
    stance = factory.Sequence(lambda n: f"Standpunt {n} in eigen woorden.")
    order = factory.Sequence(lambda n: n + 1)


# The slice the page tests open -----------------------------------------------


def build_site():
    s = SimpleNamespace()

    s.operationeel = LevelFactory(
        name="Operationeel",
        order=1,
        description="Het dagelijkse werk: berichten plaatsen, reageren, modereren.",
    )
    s.tactisch = LevelFactory(
        name="Tactisch", order=2, description="Plannen en organiseren over een langere periode."
    )
    s.strategisch = LevelFactory(
        name="Strategisch", order=3, description="De koers van de organisatie mee bepalen."
    )

    s.steven = PersonFactory(
        name="Steven Van Belleghem", affiliation="auteur van The Conversation Manager"
    )
    s.koen = PersonFactory(name="Koen Delvaux")
    s.mujibor = PersonFactory(name="Mujibor de Graaf", affiliation="commercieel directeur Viadesk")
    s.hidden_person = PersonFactory(name="Verborgen Persoon", draft=True)

    s.article = ArticleFactory(
        title="Beste Conversation Manager: U heeft twee carrièremogelijkheden",
        slug="beste-conversation-manager",
        publication="Marketingfacts",
        published_on=datetime.date(2012, 2, 2),
        summary="Twee routes voor de conversation manager: reactieve helpdesk of "
        "facilitator van strategische verandering.",
        stated_comment_count=9,
        authors=[s.steven],
        tags=["conversation management"],
    )
    s.article2 = ArticleFactory(
        title="De community manager wordt volwassen",
        summary="Wat een goede community manager kan en doet op een sociaal intranet.",
        authors=[s.mujibor],
        tags=["community management", "sociaal intranet"],
    )
    s.draft_article = ArticleFactory(
        title="Concept-artikel in bewerking", slug="concept-artikel", summary="...", draft=True
    )

    s.conversation_manager = RoleFactory(
        name="Conversation manager",
        summary="Managet de conversatie tussen merk en klant, operationeel of strategisch.",
        description="Kan kiezen tussen twee carrièrepaden.",
        sources=[s.article],
    )
    s.community_manager = RoleFactory(
        name="Community manager",
        summary="De spin in het web van een gemeenschap op een sociaal intranet.",
        description="Creëert een cultuur waarin deelnemers zich veilig en gehoord voelen.",
        tags=["community management"],
        # A draft article must not show up as a source.
        sources=[s.article2, s.draft_article],
    )
    s.evangelist = RoleFactory(
        name="Social media evangelist",
        summary="Maakt intern de zaak voor het zakelijk nut van sociale media.",
        sources=[s.article],
    )
    s.champion = RoleFactory(
        name="Executive champion",
        summary="Hoog in de organisatie, lost discussies op en zorgt voor budget.",
        sources=[s.article],
    )
    s.draft_role = RoleFactory(
        name="Geheime rol", summary="Nog niet klaar.", tags=["community management"], draft=True
    )

    RoleLevelFactory(role=s.conversation_manager, level=s.operationeel, source=s.article)
    RoleLevelFactory(
        role=s.conversation_manager,
        level=s.strategisch,
        source=s.article,
        said_by=s.steven,
        note="Als facilitator van strategische verandering.",
    )
    for level in (s.operationeel, s.tactisch, s.strategisch):
        RoleLevelFactory(role=s.community_manager, level=level, source=s.article2)
    RoleLevelFactory(role=s.evangelist, level=s.strategisch, source=s.article)

    AlternativeTitleFactory(
        role=s.community_manager,
        title="Community coach",
        source=s.article2,
        said_by=s.mujibor,
        note="Wekt minder weerstand dan 'manager'.",
    )
    AlternativeTitleFactory(
        role=s.conversation_manager, title="Conversatiemanager", source=s.article
    )
    # An alternative title from a draft article stays hidden.
    AlternativeTitleFactory(
        role=s.community_manager, title="Gemeenschapshoeder", source=s.draft_article
    )

    s.communicatief = CompetencyFactory(
        name="Communicatief",
        summary="Kan interacties starten en volgen en luistert goed.",
        tags=["community management"],
        sources=[s.article2],
    )
    s.proactief = CompetencyFactory(
        name="Proactief",
        summary="Reageert snel en daadkrachtig als de community beweegt.",
        sources=[s.article2],
    )
    s.strategisch_denken = CompetencyFactory(
        name="Strategisch denken",
        summary="Denkt een jaar vooruit en bepaalt de agenda.",
        sources=[s.article],
    )
    s.draft_competency = CompetencyFactory(name="Verborgen competentie", summary="...", draft=True)

    RoleCompetencyFactory(
        role=s.community_manager,
        competency=s.communicatief,
        importance="must",
        explanation="Wijst deelnemers erop als een discussie off topic raakt.",
        source=s.article2,
        said_by=s.mujibor,
        order=1,
    )
    RoleCompetencyFactory(
        role=s.community_manager,
        competency=s.proactief,
        importance="must",
        source=s.article2,
        order=2,
    )
    RoleCompetencyFactory(
        role=s.conversation_manager,
        competency=s.communicatief,
        importance="nice",
        explanation="Gaat de conversatie aan in naam van het merk.",
        source=s.article,
    )
    RoleCompetencyFactory(
        role=s.conversation_manager,
        competency=s.strategisch_denken,
        importance="must",
        source=s.article,
        said_by=s.steven,
    )
    RoleCompetencyFactory(
        role=s.community_manager, competency=s.draft_competency, source=s.article2
    )

    RoleRelationFactory(
        from_role=s.community_manager,
        kind="contrasted_with",
        to_role=s.conversation_manager,
        source=s.article,
        said_by=s.koen,
        note="Community manager is de operationele rol, conversation manager de strategische.",
    )
    RoleRelationFactory(
        from_role=s.champion,
        kind="works_closely_with",
        to_role=s.conversation_manager,
        source=s.article,
    )
    RoleRelationFactory(
        from_role=s.conversation_manager, kind="leads", to_role=s.evangelist, source=s.article
    )
    RoleRelationFactory(
        from_role=s.draft_role, kind="supports", to_role=s.community_manager, source=s.article
    )

    s.social_media_team = TeamStructureFactory(
        name="Social media team",
        summary="Een centraal team onder leiding van de conversation manager.",
        company_size="grote bedrijven",
        sources=[s.article],
    )
    s.draft_team = TeamStructureFactory(name="Concept-team", summary="...", draft=True)
    TeamPositionFactory(
        team_structure=s.social_media_team,
        role=s.conversation_manager,
        is_lead=True,
        count=1,
        source=s.article,
    )
    TeamPositionFactory(
        team_structure=s.social_media_team,
        role=s.community_manager,
        count_note="één of enkele",
        source=s.article,
        order=1,
    )
    TeamPositionFactory(
        team_structure=s.social_media_team, role=s.evangelist, source=s.article, order=2
    )
    TeamPositionFactory(
        team_structure=s.social_media_team,
        role=s.champion,
        placement=Placement.OUTSIDE,
        description="Werkt nauw samen met het team zonder er deel van uit te maken.",
        source=s.article,
    )
    TeamPositionFactory(team_structure=s.draft_team, role=s.community_manager, source=s.article)

    s.role_group = ResponsibilityGroupFactory(
        name="Werkzaamheden van de community manager",
        slug="community-manager-werkzaamheden",
        role=s.community_manager,
        source=s.article2,
    )
    s.analyseren = ResponsibilityFactory(name="Analyseren", group=s.role_group, order=1)
    s.adviseren = ResponsibilityFactory(
        name="Adviseren", group=s.role_group, level=s.tactisch, order=2
    )
    s.draft_responsibility = ResponsibilityFactory(
        name="Geheim werk", group=s.role_group, draft=True
    )
    s.team_group = ResponsibilityGroupFactory(
        name="Strategie & planning",
        slug="strategie-en-planning",
        team_structure=s.social_media_team,
        source=s.article,
    )
    s.pilots = ResponsibilityFactory(
        name="Begeleiden van pilotprojecten",
        slug="pilotprojecten-begeleiden",
        group=s.team_group,
    )

    s.intel = CompanyFactory(name="Intel", description="Chipfabrikant.", sources=[s.article])
    s.draft_company = CompanyFactory(name="Geheim BV", draft=True)
    s.intel_example = CompanyExampleFactory(
        slug="intel-social-media-team",
        company=s.intel,
        title="Een team van zeven voor social media",
        description="Faciliteert alle afdelingen bij het inzetten van social media.",
        figures="team van 7 mensen",
        team_size=7,
        team_structure=s.social_media_team,
        source=s.article,
        roles=[s.conversation_manager, s.community_manager, s.draft_role],
    )

    s.statement = StatementFactory(
        slug="twee-routes",
        kind="finding",
        text="De meeste bedrijven zoeken alleen operationele conversation managers.",
        source=s.article,
        said_by=s.steven,
        roles=[s.conversation_manager],
    )
    s.comment = StatementFactory(
        slug="koen-operationeel-strategisch",
        kind="opinion",
        text="Community manager is de operationele rol, conversation manager de strategische.",
        quote="community manager= de operationele rol",
        in_comment=True,
        said_on=datetime.date(2012, 2, 2),
        source=s.article,
        said_by=s.koen,
        roles=[s.conversation_manager, s.community_manager],
        tags=["community management"],
    )
    s.draft_statement = StatementFactory(
        slug="geheime-uitspraak",
        kind="opinion",
        text="Dit is nog niet gecontroleerd.",
        source=s.article,
        roles=[s.conversation_manager],
        draft=True,
    )
    return s


def add_bulk(s, n=5):
    """n more of everything, all linked to the entries the page tests open."""
    levels = [s.operationeel, s.tactisch, s.strategisch]
    for i in range(n):
        person = PersonFactory(name=f"Extra Persoon {i}")
        article = ArticleFactory(
            title=f"Extra artikel {i}",
            summary="Extra.",
            authors=[person, s.steven],
            tags=["community management", f"extra-tag-{i}"],
        )
        role = RoleFactory(
            name=f"Extra rol {i}",
            summary="Een extra rol.",
            tags=["community management"],
            sources=[article],
        )
        RoleSourceFactory(role=s.community_manager, article=article)
        for level in levels:
            RoleLevelFactory(role=role, level=level, source=article, said_by=person)
            RoleLevelFactory(role=s.community_manager, level=level, source=article)
        AlternativeTitleFactory(
            role=s.community_manager, title=f"Extra titel {i}", source=article, said_by=person
        )
        competency = CompetencyFactory(
            name=f"Extra competentie {i}",
            summary="Extra.",
            tags=["community management"],
            sources=[article],
        )
        CompetencySourceFactory(competency=s.communicatief, article=article)
        RoleCompetencyFactory(
            role=s.community_manager, competency=competency, source=article, said_by=person
        )
        RoleCompetencyFactory(
            role=role, competency=s.communicatief, source=article, said_by=person, importance="nice"
        )
        RoleCompetencyFactory(role=s.conversation_manager, competency=competency, source=article)
        RoleRelationFactory(
            from_role=role,
            kind="supports",
            to_role=s.community_manager,
            source=article,
            said_by=person,
        )
        RoleRelationFactory(
            from_role=s.community_manager, kind="works_closely_with", to_role=role, source=article
        )
        RoleRelationFactory(
            from_role=s.conversation_manager, kind="leads", to_role=role, source=article
        )
        TeamPositionFactory(
            team_structure=s.social_media_team,
            role=role,
            source=article,
            said_by=person,
            placement=Placement.OUTSIDE if i % 2 else Placement.IN_TEAM,
        )
        team = TeamStructureFactory(
            name=f"Extra team {i}",
            summary="Extra.",
            tags=["community management"],
            sources=[article],
        )
        TeamPositionFactory(
            team_structure=team, role=s.community_manager, source=article, is_lead=True
        )
        group = ResponsibilityGroupFactory(
            name=f"Extra groep {i}", role=s.community_manager, source=article, said_by=person
        )
        for j in range(2):
            ResponsibilityFactory(name=f"Extra taak {i}-{j}", group=group, level=levels[j])
        company = CompanyFactory(
            name=f"Extra bedrijf {i}", tags=["community management"], sources=[article]
        )
        for target_company in (company, s.intel):
            CompanyExampleFactory(
                slug=f"extra-voorbeeld-{i}-{target_company.slug}",
                company=target_company,
                title=f"Extra voorbeeld {i}",
                description="Extra.",
                source=article,
                team_structure=s.social_media_team,
                roles=[s.community_manager, s.conversation_manager, role],
            )
        for speaker in (person, s.koen):
            StatementFactory(
                slug=f"extra-uitspraak-{i}-{speaker.slug}",
                kind="advice",
                text="Extra advies.",
                source=article if speaker is person else s.article,
                said_by=speaker,
                in_comment=speaker is s.koen,
                roles=[s.community_manager, s.conversation_manager, role],
                competencies=[s.communicatief, competency],
                team_structures=[s.social_media_team],
                companies=[s.intel],
                tags=["community management"],
            )
    return s


def count_queries(client, url):
    """How many SQL queries one GET of `url` takes (the response must be 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the process-wide caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


UNCACHED = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
