"""
English words a reader may try, with the Dutch word the knowledge base
uses: when an English query finds nothing, the search page offers the
Dutch one. The knowledge, like its five source articles, is Dutch.
"""

DUTCH = {
    "article": "artikel",
    "articles": "artikelen",
    "ambassador": "ambassadeur",
    "company": "bedrijf",
    "companies": "bedrijven",
    "competence": "competentie",
    "competences": "competenties",
    "competency": "competentie",
    "competencies": "competenties",
    "customer": "klant",
    "customers": "klanten",
    "employee": "medewerker",
    "employees": "medewerkers",
    "job": "functie",
    "jobs": "functies",
    "level": "niveau",
    "levels": "niveaus",
    "operational": "operationeel",
    "organisation": "organisatie",
    "organization": "organisatie",
    "people": "personen",
    "person": "persoon",
    "responsibilities": "verantwoordelijkheden",
    "responsibility": "verantwoordelijkheid",
    "role": "rol",
    "roles": "rollen",
    "skill": "vaardigheid",
    "skills": "vaardigheden",
    "statement": "uitspraak",
    "statements": "uitspraken",
    "strategic": "strategisch",
    "strategy": "strategie",
    "structure": "structuur",
    "tactical": "tactisch",
    "task": "taak",
    "tasks": "taken",
    "teams": "teams",
    "vacancy": "vacature",
}


def dutch_for(words):
    """[(english, dutch)] for the words of a query that are English."""
    return [(w, DUTCH[w]) for w in dict.fromkeys(words) if w in DUTCH and DUTCH[w] != w]
