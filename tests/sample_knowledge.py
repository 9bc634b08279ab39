"""
A small knowledge base built with the factories (tests/factories.py), with a
draft of every kind next to the published entries, for tests of the
open-data features that need to see drafts stay hidden. Content paraphrases
the source articles; slugs of the articles match those in fixtures/.
"""

from types import SimpleNamespace

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

CM_ARTICLE = "de-community-manager-wordt-volwassen"
CONV_ARTICLE = "twee-carrieremogelijkheden-conversation-manager"
TEAM_ARTICLE = "wat-is-de-rol-van-een-social-media-team"


def build():
    k = SimpleNamespace()
    k.operationeel = LevelFactory(name="Operationeel", order=1)
    k.tactisch = LevelFactory(name="Tactisch", order=2)
    k.strategisch = LevelFactory(
        name="Strategisch",
        order=3,
        description="De richting bepalen en verandering faciliteren.",
    )

    k.mujibor = PersonFactory(name="Mujibor de Graaf", affiliation="commercieel directeur Viadesk")
    k.steven = PersonFactory(name="Steven Van Belleghem")
    k.hidden_person = PersonFactory(name="Verborgen Persoon", draft=True)

    k.cm_article = ArticleFactory(
        slug=CM_ARTICLE,
        title="De community manager wordt volwassen",
        publication="DutchCowboys",
        summary="Wat een goede community manager is en kan.",
        authors=[k.mujibor],
        tags=["community management"],
    )
    k.viadesk = OrganisationFactory(name="Viadesk", sources=[k.cm_article])
    k.hidden_organisation = OrganisationFactory(name="Verborgen organisatie", draft=True)
    AffiliationFactory(
        person=k.mujibor,
        organisation=k.viadesk,
        function="commercieel directeur",
        source=k.cm_article,
        said_by=k.mujibor,
    )
    k.conv_article = ArticleFactory(
        slug=CONV_ARTICLE,
        title="Beste Conversation Manager: U heeft twee carrièremogelijkheden",
        publication="Marketingfacts",
        summary="De conversation manager als helpdesk of als facilitator van verandering.",
        authors=[k.steven],
    )
    k.team_article = ArticleFactory(
        slug=TEAM_ARTICLE,
        title="Wat is de rol van een social media team?",
        title_is_descriptive=False,
        summary="Een centraal team onder leiding van de conversation manager.",
        authors=[k.steven],
    )
    k.draft_article = ArticleFactory(
        slug="concept-artikel", title="Concept-artikel", summary="Nog niet klaar.", draft=True
    )

    k.cm = RoleFactory(
        name="Community manager",
        summary="Spin in het web van een online gemeenschap.",
        description="Schakel tussen community en management.",
        tags=["community management"],
        sources=[k.cm_article, k.draft_article],
    )
    k.conv = RoleFactory(
        name="Conversation manager",
        summary="Managet de conversatie van een merk en faciliteert verandering.",
        sources=[k.conv_article],
    )
    k.hidden_role = RoleFactory(name="Geheime rol", summary="Concept.", draft=True)

    for level in (k.operationeel, k.tactisch, k.strategisch):
        RoleLevelFactory(role=k.cm, level=level, source=k.cm_article, said_by=k.mujibor)
    RoleLevelFactory(role=k.conv, level=k.operationeel, source=k.conv_article)
    RoleLevelFactory(role=k.conv, level=k.strategisch, source=k.conv_article)
    RoleLevelFactory(role=k.hidden_role, level=k.tactisch, source=k.cm_article)

    AlternativeTitleFactory(role=k.cm, title="Community coach", source=k.cm_article)
    AlternativeTitleFactory(role=k.cm, title="Verborgen titel", source=k.draft_article)
    AlternativeTitleFactory(role=k.conv, title="Social strategist", source=k.conv_article)

    k.communicatief = CompetencyFactory(name="Communicatief", summary="Kan interacties starten.")
    k.sociaal = CompetencyFactory(name="Sociaal", summary="Is geïnteresseerd in mensen.")
    k.organisatorisch = CompetencyFactory(
        name="Organisatorisch sterk", summary="Organiseert bijeenkomsten."
    )
    k.strategisch_denken = CompetencyFactory(name="Strategisch denken", summary="Denkt vooruit.")
    k.hidden_competency = CompetencyFactory(
        name="Verborgen competentie", summary="Concept.", draft=True
    )
    RoleCompetencyFactory(
        role=k.cm,
        competency=k.communicatief,
        importance="must",
        explanation="Kan interacties starten en is een goede luisteraar.",
        order=1,
        source=k.cm_article,
    )
    RoleCompetencyFactory(
        role=k.cm, competency=k.sociaal, importance="must", order=2, source=k.cm_article
    )
    RoleCompetencyFactory(
        role=k.cm, competency=k.organisatorisch, importance="nice", order=3, source=k.cm_article
    )
    RoleCompetencyFactory(
        role=k.cm, competency=k.hidden_competency, importance="must", source=k.cm_article
    )
    RoleCompetencyFactory(
        role=k.cm, competency=k.strategisch_denken, importance="must", source=k.draft_article
    )
    RoleCompetencyFactory(
        role=k.conv,
        competency=k.strategisch_denken,
        importance="must",
        explanation="Bepaalt de content-agenda een jaar vooruit.",
        order=1,
        source=k.conv_article,
        said_by=k.steven,
    )
    RoleCompetencyFactory(
        role=k.conv, competency=k.communicatief, importance="nice", order=2, source=k.conv_article
    )

    RoleRelationFactory(
        from_role=k.conv, kind="contrasted_with", to_role=k.cm, source=k.conv_article
    )
    RoleRelationFactory(from_role=k.hidden_role, kind="supports", to_role=k.cm, source=k.cm_article)

    k.cm_group = ResponsibilityGroupFactory(
        slug="werkzaamheden-community-manager",
        name="Werkzaamheden van de community manager",
        role=k.cm,
        source=k.cm_article,
    )
    k.analyseren = ResponsibilityFactory(name="Analyseren", group=k.cm_group, order=1)
    k.modereren = ResponsibilityFactory(
        name="Modereren", group=k.cm_group, level=k.operationeel, order=2
    )
    k.hidden_responsibility = ResponsibilityFactory(
        name="Verborgen taak", group=k.cm_group, draft=True
    )
    k.conv_group_helpdesk = ResponsibilityGroupFactory(
        slug="conversation-manager-helpdesk",
        name="De conversation manager als reactieve helpdesk",
        role=k.conv,
        source=k.conv_article,
        order=1,
    )
    k.updates = ResponsibilityFactory(
        slug="updates-versturen",
        name="Updates op Facebook en Twitter versturen",
        group=k.conv_group_helpdesk,
        level=k.operationeel,
        order=1,
    )
    k.campagnes = ResponsibilityFactory(
        slug="campagnes-promoten",
        name="Campagnes van andere afdelingen promoten",
        group=k.conv_group_helpdesk,
        level=k.operationeel,
        order=2,
    )
    k.conv_group_strategy = ResponsibilityGroupFactory(
        slug="conversation-manager-verandering",
        name="De conversation manager als facilitator van verandering",
        role=k.conv,
        source=k.conv_article,
        order=2,
    )
    k.strategie = ResponsibilityFactory(
        slug="strategie-mee-bepalen",
        name="De strategie mee bepalen",
        group=k.conv_group_strategy,
        level=k.strategisch,
        order=1,
    )
    k.content_agenda = ResponsibilityFactory(
        slug="content-agenda-bepalen",
        name="De content-agenda een jaar vooruit bepalen",
        group=k.conv_group_strategy,
        level=k.strategisch,
        order=2,
    )

    k.team = TeamStructureFactory(
        name="Social media team",
        summary="Centraal team dat social media in het bedrijf integreert.",
        tags=["social media"],
    )
    k.hidden_team = TeamStructureFactory(name="Verborgen team", summary="Concept.", draft=True)
    TeamPositionFactory(
        team_structure=k.team,
        role=k.conv,
        is_lead=True,
        description="Leidt het team.",
        source=k.team_article,
    )
    TeamPositionFactory(team_structure=k.team, role=k.cm, order=2, source=k.team_article)
    TeamPositionFactory(team_structure=k.hidden_team, role=k.cm, source=k.team_article)
    k.team_group = ResponsibilityGroupFactory(
        slug="strategie-en-planning",
        name="Strategie & planning",
        team_structure=k.team,
        source=k.team_article,
    )
    k.totale_strategie = ResponsibilityFactory(
        slug="totale-strategie-schrijven",
        name="De totale strategie en visie op conversaties schrijven",
        group=k.team_group,
        level=k.strategisch,
    )

    k.intel = CompanyFactory(name="Intel")
    k.hidden_company = CompanyFactory(slug="verborgen-bedrijf", name="Verborgen", draft=True)
    k.intel_example = CompanyExampleFactory(
        slug="intel-social-media-team",
        company=k.intel,
        title="Een team van zeven",
        description="Faciliteert alle afdelingen.",
        figures="team van 7 mensen",
        team_size=7,
        team_structure=k.team,
        source=k.team_article,
        roles=[k.conv, k.hidden_role],
    )
    # Published, but of a draft company.
    k.hidden_example = CompanyExampleFactory(
        slug="verborgen-voorbeeld",
        company=k.hidden_company,
        title="Verborgen",
        description="Concept.",
        source=k.team_article,
    )

    k.statement = StatementFactory(
        slug="cm-is-operationele-rol",
        kind="opinion",
        text="Community manager is de operationele, conversation manager de strategische rol.",
        in_comment=True,
        source=k.conv_article,
        roles=[k.cm, k.conv, k.hidden_role],
        tags=["functietitels"],
    )
    k.hidden_statement = StatementFactory(
        slug="verborgen-uitspraak",
        kind="finding",
        text="Concept.",
        source=k.conv_article,
        roles=[k.cm],
        draft=True,
    )
    k.statement_in_draft_article = StatementFactory(
        slug="uitspraak-in-concept",
        kind="finding",
        text="Concept.",
        source=k.draft_article,
        roles=[k.cm],
    )
    k.debate = DebateFactory(
        slug="welk-niveau-noemt-conversation-manager",
        question="Welk niveau noemt de titel conversation manager?",
        roles=[k.conv, k.cm, k.hidden_role],
        sources=[k.conv_article],
    )
    k.position = PositionFactory(
        slug="van-belleghem-twee-routes",
        debate=k.debate,
        stance="Operationeel of strategisch: de bedrijven kiezen.",
        source=k.conv_article,
        said_by=k.steven,
        order=1,
    )
    PositionFactory(
        slug="antwoord-in-concept-artikel",
        debate=k.debate,
        stance="Concept.",
        source=k.draft_article,
        answers=k.position,
        order=2,
    )
    PositionFactory(
        slug="antwoord-van-verborgen-persoon",
        debate=k.debate,
        stance="Concept.",
        source=k.conv_article,
        said_by=k.hidden_person,
        answers=k.position,
        order=3,
    )
    k.hidden_debate = DebateFactory(slug="verborgen-debat", draft=True, roles=[k.cm])
    return k
