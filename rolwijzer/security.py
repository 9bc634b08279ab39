"""
Security events for the log "rolwijzer.security": failed logins, so that
password guessing against the admin shows up where the operator looks.
"""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

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
