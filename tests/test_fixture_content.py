"""
The loaded fixtures against the five articles: what a reader relies on, so
that a fixture that drifts from the text (a wrong date, a lost competency, an
unsourced fact, a guessed URL) breaks a test.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models

from articles.models import Article, Person
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    Competency,
    Level,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    Statement,
    TeamPosition,
    TeamStructure,
)

CONVERSATION = "twee-carrieremogelijkheden-conversation-manager"
COACH = "van-community-manager-naar-community-coach"
VOLWASSEN = "de-community-manager-wordt-volwassen"
TEAM = "wat-is-de-rol-van-een-social-media-team"
EXPERT_TEAM = "strategische-tips-social-media-expert-team"

ARTICLES = {
    CONVERSATION: {
        "title": "Beste Conversation Manager: U heeft twee carrièremogelijkheden",
        "publication": "Marketingfacts",
        "published_on": datetime.date(2012, 2, 2),
        "authors": ["steven-van-belleghem"],
        "stated_comment_count": 9,
        "title_is_descriptive": False,
    },
    COACH: {
        "publication": "",
        "published_on": datetime.date(2014, 12, 31),
        "authors": ["guido-pater"],
        "stated_comment_count": None,
        "title_is_descriptive": True,
    },
    VOLWASSEN: {
        "title": "De community manager wordt volwassen",
        "publication": "DutchCowboys",
        "published_on": None,
        "authors": ["mujibor-de-graaf"],
        "stated_comment_count": None,
        "title_is_descriptive": False,
    },
    TEAM: {
        "title": "Wat is de rol van een social media team?",
        "publication": "",
        "published_on": None,
        "authors": [],
        "stated_comment_count": None,
        "title_is_descriptive": False,
    },
    EXPERT_TEAM: {
        "title": "Strategische tips om je social media expert team te bouwen",
        "publication": "Marketingfacts",
        "published_on": datetime.date(2012, 1, 28),
        "authors": ["jdc"],
        "stated_comment_count": 56,
        "title_is_descriptive": False,
    },
}

SIX_CORE_COMPETENCIES = [
    "communicatief",
    "sociaal",
    "schrijver-en-prater",
    "leraar-deler",
    "proactief",
    "organisatorisch-sterk",
]

SOURCED_MODELS = [
    model
    for app in ("articles", "roles")
    for model in apps.get_app_config(app).get_models()
    if {"source", "said_by"} <= {f.name for f in model._meta.get_fields()}
]


def _slugs(queryset, field="slug"):
    return sorted(queryset.values_list(field, flat=True))


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_article_metadata_matches_the_text(knowledge, slug):
    article = Article.objects.get(slug=slug)
    expected = ARTICLES[slug]
    for field in ("publication", "published_on", "stated_comment_count", "title_is_descriptive"):
        assert getattr(article, field) == expected[field], field
    if "title" in expected:
        assert article.title == expected["title"]
    assert _slugs(article.authors.all()) == expected["authors"]
    assert article.language == "nl"
    assert article.status == "published"
    assert article.summary.strip()


def test_articles_are_exactly_the_five(knowledge):
    assert _slugs(Article.objects.all()) == sorted(ARTICLES)


def test_article_descriptive_title_only_where_the_text_has_none(knowledge):
    assert _slugs(Article.objects.filter(title_is_descriptive=True)) == [COACH]
    assert "community coach" in Article.objects.get(slug=COACH).title.lower()


def test_article_volwassen_summary_says_where_the_publication_comes_from(knowledge):
    # The text itself does not name the medium; Guido Pater's article does.
    summary = Article.objects.get(slug=VOLWASSEN).summary
    assert "DutchCowboys" in summary
    assert "Pater" in summary


def test_people_authors_keep_the_names_the_text_gives(knowledge):
    jdc = Person.objects.get(slug="jdc")
    assert jdc.name == "JDC (Jean)"
    assert jdc.affiliation == "Digital business consultant bij i-SCOOP"
    assert Person.objects.get(slug="mujibor-de-graaf").affiliation == (
        "commercieel directeur Viadesk"
    )
    assert "Community Managers Nederland" in Person.objects.get(slug="kirsten-wagenaar").affiliation
    # Reader handles are not people of their own: 'iscoop' is the author.
    assert not Person.objects.filter(name__iexact="iscoop").exists()
    assert not Person.objects.filter(name__icontains="Johnan").exists()


def test_no_url_anywhere_in_the_knowledge(knowledge):
    url = re.compile(r"https?://|www\.", re.IGNORECASE)
    assert set(Article.objects.values_list("url", flat=True)) == {""}
    checked = 0
    for app in ("articles", "roles"):
        for model in apps.get_app_config(app).get_models():
            text_fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField)
            ]
            if not text_fields:
                continue
            for row in model.objects.values(*text_fields):
                for name, value in row.items():
                    checked += 1
                    assert not url.search(value or ""), f"{model.__name__}.{name}: {value!r}"
    assert checked > 1000


def test_levels_are_the_three_in_order(knowledge):
    assert list(Level.objects.order_by("order").values_list("slug", flat=True)) == [
        "operationeel",
        "tactisch",
        "strategisch",
    ]


def test_community_manager_works_on_all_three_levels_per_volwassen(knowledge):
    levels = RoleLevel.objects.filter(role__slug="community-manager", source__slug=VOLWASSEN)
    assert _slugs(levels, "level__slug") == ["operationeel", "strategisch", "tactisch"]


def test_community_manager_has_the_six_must_have_core_competencies(knowledge):
    links = RoleCompetency.objects.filter(
        role__slug="community-manager", source__slug=VOLWASSEN, importance="must"
    ).order_by("order")
    assert [link.competency.slug for link in links] == SIX_CORE_COMPETENCIES
    for link in links:
        # Each comes with the article's example.
        assert "Voorbeeld" in link.explanation, link.competency.slug


def test_community_manager_activities_are_the_eight_of_the_article(knowledge):
    group = ResponsibilityGroup.objects.get(slug="community-manager-werkzaamheden")
    assert group.role.slug == "community-manager"
    assert group.source.slug == VOLWASSEN
    names = list(group.responsibilities.order_by("order").values_list("name", flat=True))
    assert names == [
        "Analyseren",
        "Adviseren",
        "Creëren",
        "Organiseren",
        "Begeleiden",
        "Managen",
        "Uitdragen",
        "Modereren",
    ]


def test_competencies_are_shared_between_roles(knowledge):
    # The same competency across roles is what makes "roles that need this" work.
    proactief = RoleCompetency.objects.filter(competency__slug="proactief")
    assert {
        "community-manager",
        "conversation-manager-strategische-facilitator",
    } <= set(proactief.values_list("role__slug", flat=True))
    assert (
        RoleCompetency.objects.filter(competency__slug="merk-boven-ego")
        .values("role")
        .distinct()
        .count()
        >= 3
    )


def test_conversation_manager_has_two_variants_sourced_to_van_belleghem(knowledge):
    variants = RoleRelation.objects.filter(kind="variant_of", to_role__slug="conversation-manager")
    assert _slugs(variants, "from_role__slug") == [
        "conversation-manager-reactieve-helpdesk",
        "conversation-manager-strategische-facilitator",
    ]
    for relation in variants:
        assert relation.source.slug == CONVERSATION
        assert relation.said_by.slug == "steven-van-belleghem"
    assert (
        RoleLevel.objects.get(role__slug="conversation-manager-reactieve-helpdesk").level.slug
        == "operationeel"
    )
    assert (
        RoleLevel.objects.get(role__slug="conversation-manager-strategische-facilitator").level.slug
        == "strategisch"
    )


def test_operational_conversation_manager_can_grow_into_the_strategic_one(knowledge):
    relation = RoleRelation.objects.get(
        from_role__slug="conversation-manager-reactieve-helpdesk", kind="grows_into"
    )
    assert relation.to_role.slug == "conversation-manager-strategische-facilitator"
    assert relation.said_by.slug == "kurt"


def test_strategic_variant_alternative_titles_come_from_koen_delvaux(knowledge):
    titles = AlternativeTitle.objects.filter(
        role__slug="conversation-manager-strategische-facilitator"
    )
    assert {(t.title, t.said_by.slug) for t in titles} == {
        ("Chief Customer Officer", "koen-delvaux"),
        ("Social Strategist", "koen-delvaux"),
    }


def test_community_coach_is_guido_paters_title_for_the_community_manager(knowledge):
    # One role, not three shapes of it: the coach is a sourced alternative
    # title, and Pater's requirements on the coach reach the community manager.
    title = AlternativeTitle.objects.get(role__slug="community-manager", title="Community coach")
    assert title.source.slug == COACH
    assert title.said_by.slug == "guido-pater"
    assert not Role.objects.filter(slug="community-coach").exists()
    assert not RoleRelation.objects.filter(kind="alternative_for").exists()
    platform = RoleCompetency.objects.get(
        role__slug="community-manager",
        competency__slug="platform-ten-dienste-van-organisatiedoelen",
    )
    assert (platform.source.slug, platform.said_by.slug) == (COACH, "guido-pater")


def test_social_media_evangelist_is_more_than_a_community_manager_and_an_internal_expert(
    knowledge,
):
    # "Het is ook meer dan een community manager"; "deels je interne social
    # media expert maar hij is meer dan dat": not a contrast.
    relations = RoleRelation.objects.filter(
        from_role__slug="social-media-evangelist", source__slug=EXPERT_TEAM
    )
    assert set(relations.values_list("kind", "to_role__slug")) == {
        ("more_than", "community-manager"),
        ("more_than", "interne-social-media-expert"),
    }


def test_sebastiaan_calls_option_two_change_or_knowledge_management_renamed(knowledge):
    relations = RoleRelation.objects.filter(
        from_role__slug="conversation-manager-strategische-facilitator", said_by__slug="sebastiaan"
    )
    assert set(relations.values_list("kind", "to_role__slug")) == {
        ("another_name_for", "verandermanager"),
        ("another_name_for", "kennismanager"),
    }


def test_delvaux_distinguishes_the_community_manager_from_the_conversation_manager(knowledge):
    relation = RoleRelation.objects.get(
        from_role__slug="conversation-manager", to_role__slug="community-manager"
    )
    assert relation.kind == "contrasted_with"
    assert relation.said_by.slug == "koen-delvaux"
    assert "operationele" in relation.note and "strategische" in relation.note


def test_guru_is_an_anti_profile_statement_not_a_role_to_hire_for(knowledge):
    assert not Role.objects.filter(slug="social-media-goeroe").exists()
    guru = Statement.objects.get(slug="socialemediagoeroe-is-een-anti-profiel")
    assert guru.kind == "anti_profile"
    assert (guru.source.slug, guru.said_by.slug) == (EXPERT_TEAM, "jdc")
    assert 0 < len(guru.quote.split()) <= 15
    assert not AlternativeTitle.objects.filter(title__in=["Maven", "Ninja", "Pundit"]).exists()


def test_central_team_has_three_task_groups_with_eleven_tasks(knowledge):
    groups = ResponsibilityGroup.objects.filter(
        team_structure__slug="centraal-social-media-team"
    ).order_by("order")
    assert [g.name for g in groups] == [
        "Strategie & planning",
        "Processen uitwerken",
        "Middelen- en kennisbeheer",
    ]
    assert [g.responsibilities.count() for g in groups] == [4, 3, 4]
    assert {g.source.slug for g in groups} == {TEAM}


def test_central_team_is_led_by_the_conversation_manager(knowledge):
    lead = TeamPosition.objects.get(team_structure__slug="centraal-social-media-team", is_lead=True)
    assert lead.role.slug == "conversation-manager"
    team = TeamStructure.objects.get(slug="centraal-social-media-team")
    assert team.company_size == "Grote bedrijven"
    assert TeamStructure.objects.get(slug="een-conversation-manager").company_size == (
        "Kleine bedrijven"
    )


def test_expert_team_champion_and_external_expert_are_outside_the_team(knowledge):
    positions = TeamPosition.objects.filter(team_structure__slug="intern-social-media-expert-team")
    outside = _slugs(positions.filter(placement="outside"), "role__slug")
    assert outside == ["executive-champion", "externe-social-media-expert"]
    assert _slugs(positions.filter(is_lead=True), "role__slug") == ["social-media-teamleider"]
    assert {"social-media-evangelist", "community-manager"} <= set(
        positions.filter(placement="in_team").values_list("role__slug", flat=True)
    )


def test_decentral_structure_has_no_team_positions(knowledge):
    # Beerthuyzen's point is that there is no central team to sit in.
    assert not TeamPosition.objects.filter(team_structure__slug="decentrale-organisatie").exists()
    assert TeamStructure.objects.filter(slug="decentrale-organisatie").exists()
    # No number is invented where the text gives none.
    assert (
        not TeamPosition.objects.filter(count__isnull=False)
        .exclude(
            team_structure__slug__in=["een-conversation-manager", "centraal-social-media-team"]
        )
        .exists()
    )


def test_company_examples_keep_the_articles_figures(knowledge):
    intel = CompanyExample.objects.get(company__slug="intel")
    assert intel.team_size == 7
    assert "7" in intel.figures
    assert intel.source.slug == TEAM
    gm_team = CompanyExample.objects.get(slug="general-motors-team-van-vier")
    assert gm_team.team_size == 4
    assert gm_team.source.slug == EXPERT_TEAM
    assert gm_team.said_by.slug == "jdc"
    puratos = Company.objects.get(slug="puratos")
    assert puratos.country == "België"
    assert "chocolade" in puratos.sector.lower()
    assert set(
        CompanyExample.objects.exclude(team_size=None).values_list("team_size", flat=True)
    ) == {4, 7}


def test_statistic_56_percent_is_sourced_to_the_team_article(knowledge):
    statistic = Statement.objects.get(kind="statistic", text__contains="56%")
    assert statistic.source.slug == TEAM
    assert statistic.said_by is None  # the article names no author
    assert "25" in Statement.objects.get(slug="vroeg-een-eindverantwoordelijke-aanstellen").text


def test_kirsten_wagenaars_lesson_is_in_de_graafs_words(knowledge):
    # "Die wijze les leerde Kirsten Wagenaar": the wording is the author's.
    lesson = Statement.objects.get(slug="goede-community-manager-vergroot-kans-op-succes")
    assert lesson.source.slug == VOLWASSEN
    assert lesson.said_by.slug == "mujibor-de-graaf"
    assert "Kirsten Wagenaar" in lesson.text
    assert lesson.roles.filter(slug="community-manager").exists()


def test_comment_statements_are_attributed_and_dated(knowledge):
    comments = Statement.objects.filter(in_comment=True).select_related("source", "said_by")
    assert comments.count() >= 30
    for statement in comments:
        assert statement.said_by is not None, statement.slug
        assert statement.said_on is not None, statement.slug
        # A comment is written on or after the day its article appeared.
        assert statement.source.published_on is not None, statement.slug
        assert statement.said_on >= statement.source.published_on, statement.slug
    # Comments were disabled on one article, and the others show none.
    assert set(comments.values_list("source__slug", flat=True)) == {CONVERSATION, EXPERT_TEAM}


def test_every_commenter_who_took_a_position_is_in_the_knowledge(knowledge):
    commenters = set(
        Statement.objects.filter(in_comment=True).values_list("said_by__slug", flat=True)
    )
    assert commenters >= {
        "evroekel",
        "steveninsites",
        "maarten-debrouwer",
        "koen-delvaux",
        "fred",
        "kurt",
        "jasper-muilman",
        "sebastiaan",
        "remco-janssen",
        "arispens",
        "hidde-tuinstra",
        "gianluigi-cuccureddu",
        "gmcraenmehr",
        "maurice-beerthuyzen",
        "martin-kloos",
        "jdc",
    }


def test_article_body_statements_carry_no_comment_date(knowledge):
    assert not Statement.objects.filter(in_comment=False, said_on__isnull=False).exists()


def test_every_fact_names_an_article_and_a_known_sayer(knowledge):
    assert len(SOURCED_MODELS) >= 9
    articles = set(Article.objects.values_list("pk", flat=True))
    for model in SOURCED_MODELS:
        rows = list(model.objects.values_list("source_id", "said_by_id"))
        assert rows, model.__name__
        for source_id, said_by_id in rows:
            assert source_id in articles, model.__name__
            if said_by_id is not None:
                assert Person.objects.filter(pk=said_by_id).exists()


def test_every_entry_rests_on_an_article(knowledge):
    for model in (Role, Competency, TeamStructure, Company):
        orphans = model.objects.filter(sources__isnull=True)
        assert not orphans.exists(), f"{model.__name__}: {list(orphans)}"


def test_every_article_is_the_source_of_statements(knowledge):
    for slug in ARTICLES:
        assert Statement.objects.filter(source__slug=slug).count() >= 5, slug


def test_quotes_are_short_and_attributed(knowledge):
    quoted = Statement.objects.exclude(quote="")
    assert quoted.exists()
    for statement in quoted:
        assert len(statement.quote) <= 300, statement.slug
        assert statement.said_by is not None, statement.slug
        # A quote accompanies a paraphrase, it never replaces it.
        assert len(statement.text) > len(statement.quote) / 2, statement.slug


def test_summaries_fit_their_fields(knowledge):
    # SQLite does not enforce max_length; the pages and exports rely on it.
    for model in (Role, Competency, TeamStructure):
        for slug, summary in model.objects.values_list("slug", "summary"):
            assert 0 < len(summary) <= 400, f"{model.__name__} {slug}"


def test_everything_loads_as_published(knowledge):
    for app in ("articles", "roles"):
        for model in apps.get_app_config(app).get_models():
            if any(f.name == "status" for f in model._meta.get_fields()):
                assert not model.objects.exclude(status="published").exists(), model.__name__


# Importance as the articles state it ---------------------------------------

MOET_LIKE = re.compile(r"\b(moet\w*|nodig\w*|eis\w*|must)\b", re.IGNORECASE)


def test_only_the_community_manager_article_grades_its_core_competencies_must_have(knowledge):
    graded = RoleCompetency.objects.filter(source__slug=VOLWASSEN, importance="must")
    assert set(graded.values_list("competency__slug", flat=True)) == {
        "communicatief",
        "sociaal",
        "schrijver-en-prater",
        "leraar-deler",
        "proactief",
        "organisatorisch-sterk",
    }
    assert all("must have kerncompetenties" in rc.importance_reason for rc in graded)
    # "Dit betekent niet dat de community manager alleen maar delegeert" is
    # no grade: delegating is named, not nice-to-have.
    delegating = RoleCompetency.objects.get(
        role__slug="community-manager", competency__slug="delegeren", source__slug=VOLWASSEN
    )
    assert delegating.importance == "named"
    # No article calls any competency nice-to-have.
    assert not RoleCompetency.objects.filter(importance="nice").exists()


def test_every_must_have_elsewhere_rests_on_a_moet_in_its_reason(knowledge):
    elsewhere = RoleCompetency.objects.filter(importance="must").exclude(source__slug=VOLWASSEN)
    assert {(rc.role.slug, rc.competency.slug) for rc in elsewhere} == {
        ("community-manager", "platform-ten-dienste-van-organisatiedoelen"),
        ("social-media-evangelist", "business-case-maken"),
        ("social-media-evangelist", "kennis-overdragen"),
        ("externe-social-media-expert", "merk-boven-ego"),
        ("executive-champion", "zakelijke-taal-spreken"),
    }
    for rc in elsewhere:
        assert MOET_LIKE.search(rc.importance_reason), (rc, rc.importance_reason)


def test_every_named_competency_says_why_it_has_no_grade(knowledge):
    named = RoleCompetency.objects.filter(importance="named")
    # Pater's "vaak gevraagd" skills, and all the strategic conversation manager's.
    assert named.filter(source__slug=COACH).count() == 5
    assert all(rc.importance_reason for rc in named)
    assert not RoleCompetency.objects.filter(
        role__slug="conversation-manager-strategische-facilitator", importance="must"
    ).exists()


def test_tasks_are_not_repeated_as_competencies(knowledge):
    # The content agenda, the conversion strategy, involving departments and
    # the sounding board are tasks of their roles, not competencies.
    for slug in [
        "content-agenda-bepalen",
        "conversiestrategie",
        "afdelingen-betrekken",
        "klankbord-zijn",
    ]:
        assert not Competency.objects.filter(slug=slug).exists(), slug
    assert ResponsibilityGroup.objects.filter(
        responsibilities__slug="strategische-facilitator-content-agenda"
    ).exists()
    assert ResponsibilityGroup.objects.filter(
        responsibilities__slug="externe-expert-klankbord"
    ).exists()


def test_conversation_starter_says_it_has_two_meanings(knowledge):
    titles = AlternativeTitle.objects.filter(title="Conversation starter")
    assert {(t.role.slug, t.said_by.slug) for t in titles} == {
        ("conversation-manager", "jdc"),
        ("conversation-manager-reactieve-helpdesk", "sebastiaan"),
    }
    for title in titles:
        assert "twee betekenissen" in title.note
        assert "JDC" in title.note and "Sebastiaan" in title.note


def test_attributions_follow_the_text(knowledge):
    # Boardrooms say "Een extra manager erbij gaat niet gebeuren", not Pater.
    name = Statement.objects.get(slug="woord-manager-wekt-weerstand")
    assert "Een extra manager erbij" not in name.quote
    # Only the first sentence about resources is Barger's; the conclusion is JDC's.
    resources = Statement.objects.get(slug="middelen-komen-van-elders")
    assert resources.said_by.slug == "christopher-barger"
    assert "afspraken" not in resources.text
    conclusion = Statement.objects.get(slug="vooraf-afspraken-over-doelen-en-termijn")
    assert conclusion.said_by.slug == "jdc"
    # Nothing in the articles calls Owyang an analyst.
    assert "nalist" not in Person.objects.get(slug="jeremiah-owyang").description
