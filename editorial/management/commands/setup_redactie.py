"""
`manage.py setup_redactie`: the "Redactie" group with exactly the permissions
an editor needs. Also run after every `migrate` (roles.apps), so the group is
always there; running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction
from taggit.models import TaggedItem

from editorial import history

GROUP = "Redactie"

# The history (django-reversion) is read, never edited by hand.
VIEWED = {"reversion": ["revision", "version"]}


def edited_models():
    """
    The knowledge, its links and tags: every kind whose history is kept
    (editorial.history.LINKS, declared by each app), but for the tables
    Django creates for many-to-many fields and taggit's tagged items, which
    have no permissions of their own. Users, groups, permissions, sessions,
    content types and the admin log are not the editors' business.
    """
    return [
        model for model in history.LINKS if not model._meta.auto_created and model is not TaggedItem
    ]


def editor_permissions():
    """(app_label, codename) of every permission the group holds."""
    wanted = []
    for model in edited_models():
        for action in ("view", "add", "change", "delete"):
            wanted.append((model._meta.app_label, f"{action}_{model._meta.model_name}"))
    for app_label, models in VIEWED.items():
        wanted.extend((app_label, f"view_{model}") for model in models)
    return wanted


def ensure_redactie(using=DEFAULT_DB_ALIAS):
    """
    Create or update the group. Returns (group, created, missing): when a
    permission does not exist yet (the database is not fully migrated),
    nothing is written and group is None.
    """
    wanted = editor_permissions()
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using)
        .filter(content_type__app_label__in={app for app, _ in wanted})
        .select_related("content_type")
    }
    missing = [f"{app}.{codename}" for app, codename in wanted if (app, codename) not in found]
    if missing:
        return None, False, missing
    with transaction.atomic(using=using):
        group, created = Group.objects.using(using).get_or_create(name=GROUP)
        group.permissions.set([found[key] for key in wanted])
    return group, created, missing


class Command(BaseCommand):
    help = 'Create or update the "Redactie" group of editors with exactly their permissions.'

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        group, created, missing = ensure_redactie(database)
        if missing:
            raise CommandError(
                "These permissions do not exist yet: "
                + ", ".join(missing)
                + ". Run `manage.py migrate` first."
            )
        verb = "Created" if created else "Checked"
        self.stdout.write(
            self.style.SUCCESS(
                f'{verb} group "{GROUP}" with {group.permissions.count()} permissions.'
            )
        )
        self.stdout.write(
            "Make a user an editor: staff status on, member of this group (admin > Users)."
        )
