"""
Security events for the log "rolwijzer.security": failed logins and
lockouts, so that password guessing against the admin shows up where the
operator looks; and the page a locked-out login gets (django-axes, settings
AXES_*).
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger("rolwijzer.security")

# A username is whatever the attacker typed; cut it short so one request
# cannot flood the log.
MAX_LOGGED_USERNAME = 150


def client_address(request):
    # REMOTE_ADDR is the proxy when behind one; the proxy's own log has the
    # client. X-Forwarded-For is not trusted here because anyone can send it.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_login_failed, dispatch_uid="rolwijzer.security.log_failed_login")
def log_failed_login(sender, credentials, request=None, **kwargs):
    # Only the username is logged, never the password: Django already masks it
    # in `credentials`, and nothing else from that dict is written out.
    username = str(credentials.get("username", ""))[:MAX_LOGGED_USERNAME]
    logger.warning(
        "Failed login for username %r from %s on %r",
        username,
        client_address(request) or "unknown address",
        request.path if request is not None else "",
    )


@receiver(user_locked_out, dispatch_uid="rolwijzer.security.log_lockout")
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "Locked out username %r from %s for %s after %d failed logins",
        str(username or "")[:MAX_LOGGED_USERNAME],
        ip_address or client_address(request) or "unknown address",
        settings.AXES_COOLOFF_TIME,
        settings.AXES_FAILURE_LIMIT,
    )


def lockout_response(request, original_response=None, credentials=None):
    """The login page's answer while locked out: when to try again (429, Retry-After)."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_header,
        "minutes": round(cool_off.total_seconds() / 60),
        "retry_at": timezone.localtime() + cool_off,
    }
    response = render(request, "admin/lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
