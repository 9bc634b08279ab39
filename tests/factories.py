"""
A small, complete slice of the knowledge base built with the ORM, for the
page tests: two articles, people, three levels, roles with every kind of fact,
a team structure, a company, statements, and one draft of every kind that
readers must never see or be linked to.

`add_bulk(site, n)` adds n more of everything, all linked to the entries the
page tests open, so a test can show that a page's query count does not grow
with the data.
"""

import datetime
from types import SimpleNamespace

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Placement,
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
DRAFT = Status.DRAFT


def build_site():
    s = SimpleNamespace()

    s.operationeel = Level.objects.create(
        name="Operationeel",
        slug="operationeel",
        order=1,
        status=PUBLISHED,
        description="Het dagelijkse werk: berichten plaatsen, reageren, modereren.",
    )
    s.tactisch = Level.objects.create(
        name="Tactisch",
        slug="tactisch",
        order=2,
        status=PUBLISHED,
        description="Plannen en organiseren over een langere periode.",
    )
    s.strategisch = Level.objects.create(
        name="Strategisch",
        slug="strategisch",
        order=3,
        status=PUBLISHED,
        description="De koers van de organisatie mee bepalen.",
    )

    s.steven = Person.objects.create(
        name="Steven Van Belleghem",
        slug="steven-van-belleghem",
        affiliation="auteur van The Conversation Manager",
        status=PUBLISHED,
    )
    s.koen = Person.objects.create(
        name="Koen Delvaux", slug="koen-delvaux", affiliation="", status=PUBLISHED
    )
    s.mujibor = Person.objects.create(
        name="Mujibor de Graaf",
        slug="mujibor-de-graaf",
        affiliation="commercieel directeur Viadesk",
        status=PUBLISHED,
    )
    s.hidden_person = Person.objects.create(
        name="Verborgen Persoon", slug="verborgen-persoon", status=DRAFT
    )

    s.article = Article.objects.create(
        title="Beste Conversation Manager: U heeft twee carrièremogelijkheden",
        slug="beste-conversation-manager",
        publication="Marketingfacts",
        published_on=datetime.date(2012, 2, 2),
        summary="Twee routes voor de conversation manager: reactieve helpdesk of "
        "facilitator van strategische verandering.",
        stated_comment_count=9,
        status=PUBLISHED,
    )
    s.article.authors.add(s.steven)
    s.article.tags.add("conversation management")
    s.article2 = Article.objects.create(
        title="De community manager wordt volwassen",
        slug="de-community-manager-wordt-volwassen",
        summary="Wat een goede community manager kan en doet op een sociaal intranet.",
        status=PUBLISHED,
    )
    s.article2.authors.add(s.mujibor)
    s.article2.tags.add("community management", "sociaal intranet")
    s.draft_article = Article.objects.create(
        title="Concept-artikel in bewerking", slug="concept-artikel", summary="...", status=DRAFT
    )

    s.conversation_manager = Role.objects.create(
        name="Conversation manager",
        slug="conversation-manager",
        summary="Managet de conversatie tussen merk en klant, operationeel of strategisch.",
        description="Kan kiezen tussen twee carrièrepaden.",
        status=PUBLISHED,
    )
    s.community_manager = Role.objects.create(
        name="Community manager",
        slug="community-manager",
        summary="De spin in het web van een gemeenschap op een sociaal intranet.",
        description="Creëert een cultuur waarin deelnemers zich veilig en gehoord voelen.",
        status=PUBLISHED,
    )
    s.community_manager.tags.add("community management")
    s.evangelist = Role.objects.create(
        name="Social media evangelist",
        slug="social-media-evangelist",
        summary="Maakt intern de zaak voor het zakelijk nut van sociale media.",
        status=PUBLISHED,
    )
    s.champion = Role.objects.create(
        name="Executive champion",
        slug="executive-champion",
        summary="Hoog in de organisatie, lost discussies op en zorgt voor budget.",
        status=PUBLISHED,
    )
    s.draft_role = Role.objects.create(
        name="Geheime rol", slug="geheime-rol", summary="Nog niet klaar.", status=DRAFT
    )
    s.draft_role.tags.add("community management")
    for role, article in [
        (s.conversation_manager, s.article),
        (s.community_manager, s.article2),
        (s.evangelist, s.article),
        (s.champion, s.article),
    ]:
        RoleSource.objects.create(role=role, article=article)
    # A draft article must not show up as a source.
    RoleSource.objects.create(role=s.community_manager, article=s.draft_article)

    RoleLevel.objects.create(role=s.conversation_manager, level=s.operationeel, source=s.article)
    RoleLevel.objects.create(
        role=s.conversation_manager,
        level=s.strategisch,
        source=s.article,
        said_by=s.steven,
        note="Als facilitator van strategische verandering.",
    )
    for level in (s.operationeel, s.tactisch, s.strategisch):
        RoleLevel.objects.create(role=s.community_manager, level=level, source=s.article2)
    RoleLevel.objects.create(role=s.evangelist, level=s.strategisch, source=s.article)

    AlternativeTitle.objects.create(
        role=s.community_manager,
        title="Community coach",
        source=s.article2,
        said_by=s.mujibor,
        note="Wekt minder weerstand dan 'manager'.",
    )
    AlternativeTitle.objects.create(
        role=s.conversation_manager, title="Conversatiemanager", source=s.article
    )
    # An alternative title from a draft article stays hidden.
    AlternativeTitle.objects.create(
        role=s.community_manager, title="Gemeenschapshoeder", source=s.draft_article
    )

    s.communicatief = Competency.objects.create(
        name="Communicatief",
        slug="communicatief",
        summary="Kan interacties starten en volgen en luistert goed.",
        status=PUBLISHED,
    )
    s.communicatief.tags.add("community management")
    s.proactief = Competency.objects.create(
        name="Proactief",
        slug="proactief",
        summary="Reageert snel en daadkrachtig als de community beweegt.",
        status=PUBLISHED,
    )
    s.strategisch_denken = Competency.objects.create(
        name="Strategisch denken",
        slug="strategisch-denken",
        summary="Denkt een jaar vooruit en bepaalt de agenda.",
        status=PUBLISHED,
    )
    s.draft_competency = Competency.objects.create(
        name="Verborgen competentie", slug="verborgen-competentie", summary="...", status=DRAFT
    )
    CompetencySource.objects.create(competency=s.communicatief, article=s.article2)
    CompetencySource.objects.create(competency=s.proactief, article=s.article2)
    CompetencySource.objects.create(competency=s.strategisch_denken, article=s.article)

    RoleCompetency.objects.create(
        role=s.community_manager,
        competency=s.communicatief,
        importance="must",
        explanation="Wijst deelnemers erop als een discussie off topic raakt.",
        source=s.article2,
        said_by=s.mujibor,
        order=1,
    )
    RoleCompetency.objects.create(
        role=s.community_manager,
        competency=s.proactief,
        importance="must",
        source=s.article2,
        order=2,
    )
    RoleCompetency.objects.create(
        role=s.conversation_manager,
        competency=s.communicatief,
        importance="nice",
        explanation="Gaat de conversatie aan in naam van het merk.",
        source=s.article,
    )
    RoleCompetency.objects.create(
        role=s.conversation_manager,
        competency=s.strategisch_denken,
        importance="must",
        source=s.article,
        said_by=s.steven,
    )
    RoleCompetency.objects.create(
        role=s.community_manager, competency=s.draft_competency, source=s.article2
    )

    RoleRelation.objects.create(
        from_role=s.community_manager,
        kind="contrasted_with",
        to_role=s.conversation_manager,
        source=s.article,
        said_by=s.koen,
        note="Community manager is de operationele rol, conversation manager de strategische.",
    )
    RoleRelation.objects.create(
        from_role=s.champion,
        kind="works_closely_with",
        to_role=s.conversation_manager,
        source=s.article,
    )
    RoleRelation.objects.create(
        from_role=s.conversation_manager, kind="leads", to_role=s.evangelist, source=s.article
    )
    RoleRelation.objects.create(
        from_role=s.draft_role, kind="supports", to_role=s.community_manager, source=s.article
    )

    s.social_media_team = TeamStructure.objects.create(
        name="Social media team",
        slug="social-media-team",
        summary="Een centraal team onder leiding van de conversation manager.",
        company_size="grote bedrijven",
        status=PUBLISHED,
    )
    s.draft_team = TeamStructure.objects.create(
        name="Concept-team", slug="concept-team", summary="...", status=DRAFT
    )
    TeamStructureSource.objects.create(team_structure=s.social_media_team, article=s.article)
    TeamPosition.objects.create(
        team_structure=s.social_media_team,
        role=s.conversation_manager,
        is_lead=True,
        count=1,
        source=s.article,
    )
    TeamPosition.objects.create(
        team_structure=s.social_media_team,
        role=s.community_manager,
        count_note="één of enkele",
        source=s.article,
        order=1,
    )
    TeamPosition.objects.create(
        team_structure=s.social_media_team, role=s.evangelist, source=s.article, order=2
    )
    TeamPosition.objects.create(
        team_structure=s.social_media_team,
        role=s.champion,
        placement=Placement.OUTSIDE,
        description="Werkt nauw samen met het team zonder er deel van uit te maken.",
        source=s.article,
    )
    TeamPosition.objects.create(
        team_structure=s.draft_team, role=s.community_manager, source=s.article
    )

    s.role_group = ResponsibilityGroup.objects.create(
        name="Werkzaamheden van de community manager",
        slug="community-manager-werkzaamheden",
        role=s.community_manager,
        source=s.article2,
    )
    s.analyseren = Responsibility.objects.create(
        name="Analyseren",
        slug="analyseren",
        group=s.role_group,
        source=s.article2,
        status=PUBLISHED,
        order=1,
    )
    s.adviseren = Responsibility.objects.create(
        name="Adviseren",
        slug="adviseren",
        group=s.role_group,
        source=s.article2,
        level=s.tactisch,
        status=PUBLISHED,
        order=2,
    )
    s.draft_responsibility = Responsibility.objects.create(
        name="Geheim werk",
        slug="geheim-werk",
        group=s.role_group,
        source=s.article2,
        status=DRAFT,
    )
    s.team_group = ResponsibilityGroup.objects.create(
        name="Strategie & planning",
        slug="strategie-en-planning",
        team_structure=s.social_media_team,
        source=s.article,
    )
    s.pilots = Responsibility.objects.create(
        name="Begeleiden van pilotprojecten",
        slug="pilotprojecten-begeleiden",
        group=s.team_group,
        source=s.article,
        status=PUBLISHED,
    )

    s.intel = Company.objects.create(
        name="Intel", slug="intel", description="Chipfabrikant.", status=PUBLISHED
    )
    s.draft_company = Company.objects.create(name="Geheim BV", slug="geheim-bv", status=DRAFT)
    CompanySource.objects.create(company=s.intel, article=s.article)
    s.intel_example = CompanyExample.objects.create(
        slug="intel-social-media-team",
        company=s.intel,
        title="Een team van zeven voor social media",
        description="Faciliteert alle afdelingen bij het inzetten van social media.",
        figures="team van 7 mensen",
        team_size=7,
        team_structure=s.social_media_team,
        source=s.article,
        status=PUBLISHED,
    )
    s.intel_example.roles.add(s.conversation_manager, s.community_manager, s.draft_role)

    s.statement = Statement.objects.create(
        slug="twee-routes",
        kind="finding",
        text="De meeste bedrijven zoeken alleen operationele conversation managers.",
        source=s.article,
        said_by=s.steven,
        status=PUBLISHED,
    )
    s.statement.roles.add(s.conversation_manager)
    s.comment = Statement.objects.create(
        slug="koen-operationeel-strategisch",
        kind="opinion",
        text="Community manager is de operationele rol, conversation manager de strategische.",
        quote="community manager= de operationele rol",
        in_comment=True,
        said_on=datetime.date(2012, 2, 2),
        source=s.article,
        said_by=s.koen,
        status=PUBLISHED,
    )
    s.comment.roles.add(s.conversation_manager, s.community_manager)
    s.comment.tags.add("community management")
    s.draft_statement = Statement.objects.create(
        slug="geheime-uitspraak",
        kind="opinion",
        text="Dit is nog niet gecontroleerd.",
        source=s.article,
        status=DRAFT,
    )
    s.draft_statement.roles.add(s.conversation_manager)
    return s


def add_bulk(s, n=5):
    """n more of everything, all linked to the entries the page tests open."""
    levels = [s.operationeel, s.tactisch, s.strategisch]
    for i in range(n):
        person = Person.objects.create(
            name=f"Extra Persoon {i}", slug=f"extra-persoon-{i}", status=PUBLISHED
        )
        article = Article.objects.create(
            title=f"Extra artikel {i}",
            slug=f"extra-artikel-{i}",
            summary="Extra.",
            status=PUBLISHED,
        )
        article.authors.add(person, s.steven)
        article.tags.add("community management", f"extra-tag-{i}")
        role = Role.objects.create(
            name=f"Extra rol {i}",
            slug=f"extra-rol-{i}",
            summary="Een extra rol.",
            status=PUBLISHED,
        )
        role.tags.add("community management")
        RoleSource.objects.create(role=role, article=article)
        RoleSource.objects.create(role=s.community_manager, article=article)
        for level in levels:
            RoleLevel.objects.create(role=role, level=level, source=article, said_by=person)
            RoleLevel.objects.create(role=s.community_manager, level=level, source=article)
        AlternativeTitle.objects.create(
            role=s.community_manager, title=f"Extra titel {i}", source=article, said_by=person
        )
        competency = Competency.objects.create(
            name=f"Extra competentie {i}",
            slug=f"extra-competentie-{i}",
            summary="Extra.",
            status=PUBLISHED,
        )
        competency.tags.add("community management")
        CompetencySource.objects.create(competency=competency, article=article)
        CompetencySource.objects.create(competency=s.communicatief, article=article)
        RoleCompetency.objects.create(
            role=s.community_manager, competency=competency, source=article, said_by=person
        )
        RoleCompetency.objects.create(
            role=role, competency=s.communicatief, source=article, said_by=person, importance="nice"
        )
        RoleCompetency.objects.create(
            role=s.conversation_manager, competency=competency, source=article
        )
        RoleRelation.objects.create(
            from_role=role,
            kind="supports",
            to_role=s.community_manager,
            source=article,
            said_by=person,
        )
        RoleRelation.objects.create(
            from_role=s.community_manager, kind="works_closely_with", to_role=role, source=article
        )
        RoleRelation.objects.create(
            from_role=s.conversation_manager, kind="leads", to_role=role, source=article
        )
        TeamPosition.objects.create(
            team_structure=s.social_media_team,
            role=role,
            source=article,
            said_by=person,
            placement=Placement.OUTSIDE if i % 2 else Placement.IN_TEAM,
        )
        team = TeamStructure.objects.create(
            name=f"Extra team {i}", slug=f"extra-team-{i}", summary="Extra.", status=PUBLISHED
        )
        team.tags.add("community management")
        TeamStructureSource.objects.create(team_structure=team, article=article)
        TeamPosition.objects.create(
            team_structure=team, role=s.community_manager, source=article, is_lead=True
        )
        group = ResponsibilityGroup.objects.create(
            name=f"Extra groep {i}",
            slug=f"extra-groep-{i}",
            role=s.community_manager,
            source=article,
            said_by=person,
        )
        for j in range(2):
            Responsibility.objects.create(
                name=f"Extra taak {i}-{j}",
                slug=f"extra-taak-{i}-{j}",
                group=group,
                source=article,
                level=levels[j],
                status=PUBLISHED,
            )
        company = Company.objects.create(
            name=f"Extra bedrijf {i}", slug=f"extra-bedrijf-{i}", status=PUBLISHED
        )
        company.tags.add("community management")
        CompanySource.objects.create(company=company, article=article)
        for target_company in (company, s.intel):
            example = CompanyExample.objects.create(
                slug=f"extra-voorbeeld-{i}-{target_company.slug}",
                company=target_company,
                title=f"Extra voorbeeld {i}",
                description="Extra.",
                source=article,
                team_structure=s.social_media_team,
                status=PUBLISHED,
            )
            example.roles.add(s.community_manager, s.conversation_manager, role)
        for speaker in (person, s.koen):
            statement = Statement.objects.create(
                slug=f"extra-uitspraak-{i}-{speaker.slug}",
                kind="advice",
                text="Extra advies.",
                source=article if speaker is person else s.article,
                said_by=speaker,
                in_comment=speaker is s.koen,
                status=PUBLISHED,
            )
            statement.roles.add(s.community_manager, s.conversation_manager, role)
            statement.competencies.add(s.communicatief, competency)
            statement.team_structures.add(s.social_media_team)
            statement.companies.add(s.intel)
            statement.tags.add("community management")
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
