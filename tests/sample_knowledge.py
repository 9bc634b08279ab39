"""
A small knowledge base built with the ORM, with a draft of every kind next
to the published entries, for tests of the open-data features that need to
see drafts stay hidden. Content paraphrases the source articles; slugs of the
articles match those in fixtures/.
"""

from types import SimpleNamespace

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    Competency,
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
)

P = Status.PUBLISHED
D = Status.DRAFT

CM_ARTICLE = "de-community-manager-wordt-volwassen"
CONV_ARTICLE = "twee-carrieremogelijkheden-conversation-manager"
TEAM_ARTICLE = "wat-is-de-rol-van-een-social-media-team"


def build():
    k = SimpleNamespace()
    k.operationeel = Level.objects.create(
        slug="operationeel", name="Operationeel", order=1, status=P
    )
    k.tactisch = Level.objects.create(slug="tactisch", name="Tactisch", order=2, status=P)
    k.strategisch = Level.objects.create(
        slug="strategisch",
        name="Strategisch",
        order=3,
        status=P,
        description="De richting bepalen en verandering faciliteren.",
    )

    k.mujibor = Person.objects.create(
        slug="mujibor-de-graaf",
        name="Mujibor de Graaf",
        affiliation="commercieel directeur Viadesk",
        status=P,
    )
    k.steven = Person.objects.create(
        slug="steven-van-belleghem", name="Steven Van Belleghem", status=P
    )
    k.hidden_person = Person.objects.create(
        slug="verborgen-persoon", name="Verborgen Persoon", status=D
    )

    k.cm_article = Article.objects.create(
        slug=CM_ARTICLE,
        title="De community manager wordt volwassen",
        publication="DutchCowboys",
        summary="Wat een goede community manager is en kan.",
        status=P,
    )
    k.cm_article.authors.add(k.mujibor)
    k.cm_article.tags.add("community management")
    k.conv_article = Article.objects.create(
        slug=CONV_ARTICLE,
        title="Beste Conversation Manager: U heeft twee carrièremogelijkheden",
        publication="Marketingfacts",
        summary="De conversation manager als helpdesk of als facilitator van verandering.",
        status=P,
    )
    k.conv_article.authors.add(k.steven)
    k.team_article = Article.objects.create(
        slug=TEAM_ARTICLE,
        title="Wat is de rol van een social media team?",
        title_is_descriptive=False,
        summary="Een centraal team onder leiding van de conversation manager.",
        status=P,
    )
    k.team_article.authors.add(k.steven)
    k.draft_article = Article.objects.create(
        slug="concept-artikel", title="Concept-artikel", summary="Nog niet klaar.", status=D
    )

    k.cm = Role.objects.create(
        slug="community-manager",
        name="Community manager",
        summary="Spin in het web van een online gemeenschap.",
        description="Schakel tussen community en management.",
        status=P,
    )
    k.cm.tags.add("community management")
    RoleSource.objects.create(role=k.cm, article=k.cm_article)
    RoleSource.objects.create(role=k.cm, article=k.draft_article)
    k.conv = Role.objects.create(
        slug="conversation-manager",
        name="Conversation manager",
        summary="Managet de conversatie van een merk en faciliteert verandering.",
        status=P,
    )
    RoleSource.objects.create(role=k.conv, article=k.conv_article)
    k.hidden_role = Role.objects.create(
        slug="geheime-rol", name="Geheime rol", summary="Concept.", status=D
    )

    for level in (k.operationeel, k.tactisch, k.strategisch):
        RoleLevel.objects.create(role=k.cm, level=level, source=k.cm_article, said_by=k.mujibor)
    RoleLevel.objects.create(role=k.conv, level=k.operationeel, source=k.conv_article)
    RoleLevel.objects.create(role=k.conv, level=k.strategisch, source=k.conv_article)
    RoleLevel.objects.create(role=k.hidden_role, level=k.tactisch, source=k.cm_article)

    AlternativeTitle.objects.create(role=k.cm, title="Community coach", source=k.cm_article)
    AlternativeTitle.objects.create(role=k.cm, title="Verborgen titel", source=k.draft_article)
    AlternativeTitle.objects.create(role=k.conv, title="Social strategist", source=k.conv_article)

    k.communicatief = Competency.objects.create(
        slug="communicatief", name="Communicatief", summary="Kan interacties starten.", status=P
    )
    k.sociaal = Competency.objects.create(
        slug="sociaal", name="Sociaal", summary="Is geïnteresseerd in mensen.", status=P
    )
    k.organisatorisch = Competency.objects.create(
        slug="organisatorisch-sterk",
        name="Organisatorisch sterk",
        summary="Organiseert bijeenkomsten.",
        status=P,
    )
    k.strategisch_denken = Competency.objects.create(
        slug="strategisch-denken", name="Strategisch denken", summary="Denkt vooruit.", status=P
    )
    k.hidden_competency = Competency.objects.create(
        slug="verborgen-competentie", name="Verborgen competentie", summary="Concept.", status=D
    )
    RoleCompetency.objects.create(
        role=k.cm,
        competency=k.communicatief,
        importance="must",
        explanation="Kan interacties starten en is een goede luisteraar.",
        order=1,
        source=k.cm_article,
    )
    RoleCompetency.objects.create(
        role=k.cm, competency=k.sociaal, importance="must", order=2, source=k.cm_article
    )
    RoleCompetency.objects.create(
        role=k.cm, competency=k.organisatorisch, importance="nice", order=3, source=k.cm_article
    )
    RoleCompetency.objects.create(
        role=k.cm, competency=k.hidden_competency, importance="must", source=k.cm_article
    )
    RoleCompetency.objects.create(
        role=k.cm, competency=k.strategisch_denken, importance="must", source=k.draft_article
    )
    RoleCompetency.objects.create(
        role=k.conv,
        competency=k.strategisch_denken,
        importance="must",
        explanation="Bepaalt de content-agenda een jaar vooruit.",
        order=1,
        source=k.conv_article,
        said_by=k.steven,
    )
    RoleCompetency.objects.create(
        role=k.conv, competency=k.communicatief, importance="nice", order=2, source=k.conv_article
    )

    RoleRelation.objects.create(
        from_role=k.conv, kind="contrasted_with", to_role=k.cm, source=k.conv_article
    )
    RoleRelation.objects.create(
        from_role=k.hidden_role, kind="supports", to_role=k.cm, source=k.cm_article
    )

    k.cm_group = ResponsibilityGroup.objects.create(
        slug="werkzaamheden-community-manager",
        name="Werkzaamheden van de community manager",
        role=k.cm,
        source=k.cm_article,
    )
    k.analyseren = Responsibility.objects.create(
        slug="analyseren",
        name="Analyseren",
        group=k.cm_group,
        order=1,
        source=k.cm_article,
        status=P,
    )
    k.modereren = Responsibility.objects.create(
        slug="modereren",
        name="Modereren",
        group=k.cm_group,
        level=k.operationeel,
        order=2,
        source=k.cm_article,
        status=P,
    )
    k.hidden_responsibility = Responsibility.objects.create(
        slug="verborgen-taak",
        name="Verborgen taak",
        group=k.cm_group,
        source=k.cm_article,
        status=D,
    )
    k.conv_group_helpdesk = ResponsibilityGroup.objects.create(
        slug="conversation-manager-helpdesk",
        name="De conversation manager als reactieve helpdesk",
        role=k.conv,
        source=k.conv_article,
        order=1,
    )
    k.updates = Responsibility.objects.create(
        slug="updates-versturen",
        name="Updates op Facebook en Twitter versturen",
        group=k.conv_group_helpdesk,
        level=k.operationeel,
        order=1,
        source=k.conv_article,
        status=P,
    )
    k.campagnes = Responsibility.objects.create(
        slug="campagnes-promoten",
        name="Campagnes van andere afdelingen promoten",
        group=k.conv_group_helpdesk,
        level=k.operationeel,
        order=2,
        source=k.conv_article,
        status=P,
    )
    k.conv_group_strategy = ResponsibilityGroup.objects.create(
        slug="conversation-manager-verandering",
        name="De conversation manager als facilitator van verandering",
        role=k.conv,
        source=k.conv_article,
        order=2,
    )
    k.strategie = Responsibility.objects.create(
        slug="strategie-mee-bepalen",
        name="De strategie mee bepalen",
        group=k.conv_group_strategy,
        level=k.strategisch,
        order=1,
        source=k.conv_article,
        status=P,
    )
    k.content_agenda = Responsibility.objects.create(
        slug="content-agenda-bepalen",
        name="De content-agenda een jaar vooruit bepalen",
        group=k.conv_group_strategy,
        level=k.strategisch,
        order=2,
        source=k.conv_article,
        status=P,
    )

    k.team = TeamStructure.objects.create(
        slug="social-media-team",
        name="Social media team",
        summary="Centraal team dat social media in het bedrijf integreert.",
        status=P,
    )
    k.team.tags.add("social media")
    k.hidden_team = TeamStructure.objects.create(
        slug="verborgen-team", name="Verborgen team", summary="Concept.", status=D
    )
    TeamPosition.objects.create(
        team_structure=k.team,
        role=k.conv,
        is_lead=True,
        description="Leidt het team.",
        source=k.team_article,
    )
    TeamPosition.objects.create(team_structure=k.team, role=k.cm, order=2, source=k.team_article)
    TeamPosition.objects.create(team_structure=k.hidden_team, role=k.cm, source=k.team_article)
    k.team_group = ResponsibilityGroup.objects.create(
        slug="strategie-en-planning",
        name="Strategie & planning",
        team_structure=k.team,
        source=k.team_article,
    )
    k.totale_strategie = Responsibility.objects.create(
        slug="totale-strategie-schrijven",
        name="De totale strategie en visie op conversaties schrijven",
        group=k.team_group,
        level=k.strategisch,
        source=k.team_article,
        status=P,
    )

    k.intel = Company.objects.create(slug="intel", name="Intel", status=P)
    k.hidden_company = Company.objects.create(slug="verborgen-bedrijf", name="Verborgen", status=D)
    k.intel_example = CompanyExample.objects.create(
        slug="intel-social-media-team",
        company=k.intel,
        title="Een team van zeven",
        description="Faciliteert alle afdelingen.",
        figures="team van 7 mensen",
        team_size=7,
        team_structure=k.team,
        source=k.team_article,
        status=P,
    )
    k.intel_example.roles.add(k.conv, k.hidden_role)
    k.hidden_example = CompanyExample.objects.create(
        slug="verborgen-voorbeeld",
        company=k.hidden_company,
        title="Verborgen",
        description="Concept.",
        source=k.team_article,
        status=P,
    )

    k.statement = Statement.objects.create(
        slug="cm-is-operationele-rol",
        kind="opinion",
        text="Community manager is de operationele, conversation manager de strategische rol.",
        in_comment=True,
        source=k.conv_article,
        status=P,
    )
    k.statement.roles.add(k.cm, k.conv, k.hidden_role)
    k.statement.tags.add("functietitels")
    k.hidden_statement = Statement.objects.create(
        slug="verborgen-uitspraak", kind="finding", text="Concept.", source=k.conv_article, status=D
    )
    k.hidden_statement.roles.add(k.cm)
    k.statement_in_draft_article = Statement.objects.create(
        slug="uitspraak-in-concept",
        kind="finding",
        text="Concept.",
        source=k.draft_article,
        status=P,
    )
    k.statement_in_draft_article.roles.add(k.cm)
    return k
