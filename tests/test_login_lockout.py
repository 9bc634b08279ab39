"""
Password guessing against the admin: after a handful of failed logins for
one account, or from one address, logins are refused for a while (also with
the right password), the page says when to try again, the lockout is
logged, and a superuser sees it in the admin and can lift it.
"""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import translation

PASSWORD = "a-long-and-correct-horse-password"
LOGIN = "/admin/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "redacteur", "r@example.org", PASSWORD, is_staff=True
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("beheerder", "b@example.org", PASSWORD)


def attempt(username, password, address="127.0.0.1", language="nl"):
    return Client().post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def fail(times, username="redacteur", address="127.0.0.1"):
    """Fail `times` logins: the form again, and the lockout page at the limit."""
    for _ in range(times):
        assert attempt(username, "wrong-guess", address).status_code in (200, 429)


def test_lockout_after_a_handful_of_failures_refuses_even_the_right_password(editor):
    fail(settings.AXES_FAILURE_LIMIT - 1)
    assert attempt("redacteur", PASSWORD).status_code == 302  # not locked yet

    fail(settings.AXES_FAILURE_LIMIT)
    response = attempt("redacteur", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    page = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert "Probeer het over 15 minuten opnieuw." in page
    assert "_auth_user_id" not in response.client.session


def test_lockout_is_per_account_from_any_address(editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(1, address=f"10.0.0.{number + 1}")
    assert attempt("redacteur", PASSWORD, address="10.9.9.9").status_code == 429


def test_lockout_is_per_address_for_any_account(editor, superuser):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(1, username=f"gok-{number}", address="10.0.0.7")
    assert attempt("beheerder", PASSWORD, address="10.0.0.7").status_code == 429
    # Another address is not locked out for that account.
    assert attempt("beheerder", PASSWORD, address="10.0.0.8").status_code == 302


def test_lockout_page_in_english(editor):
    fail(settings.AXES_FAILURE_LIMIT)
    response = attempt("redacteur", PASSWORD, language="en")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login temporarily blocked" in page
    assert "Try again in 15 minutes." in page
    translation.activate(settings.LANGUAGE_CODE)


def test_lockout_is_logged(editor, caplog):
    logger = logging.getLogger("rolwijzer.security")
    logger.addHandler(caplog.handler)
    try:
        fail(settings.AXES_FAILURE_LIMIT)
    finally:
        logger.removeHandler(caplog.handler)
    lockouts = [r.getMessage() for r in caplog.records if "Locked out" in r.getMessage()]
    assert lockouts == [
        "Locked out username 'redacteur' from 127.0.0.1 for 0:15:00 after 5 failed logins"
    ]


def test_lockout_shown_to_the_superuser_who_can_lift_it(editor, superuser):
    fail(settings.AXES_FAILURE_LIMIT)
    admin = Client()
    admin.force_login(superuser)

    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "redacteur" in listing.content.decode()

    locked = AccessAttempt.objects.get(username="redacteur")
    response = admin.post(
        f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert attempt("redacteur", PASSWORD).status_code == 302


def test_lockouts_are_not_shown_to_editors(editor):
    fail(settings.AXES_FAILURE_LIMIT)
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
