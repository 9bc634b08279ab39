"""
An editor's change made over HTTP, as a browser makes it: log in to the
admin of the server at BASE_URL and put one role back to draft, or publish
it again, with the change list's action.

    scripts/edit_through_admin.py BASE_URL USERNAME PASSWORD ROLE_ID unpublish|publish

Exits non-zero, with the reason, if the admin does not accept the change.
Only the standard library: the app's cookies are Secure (the server sits
behind a TLS proxy, faked with X-Forwarded-Proto), which http.cookiejar
would not send over plain HTTP, so the cookies are kept by hand.
"""

import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        url = self.base_url + path
        headers = {
            "X-Forwarded-Proto": "https",
            # Django checks the referer of a secure POST against the host.
            "Referer": "https://" + urllib.parse.urlsplit(url).netloc + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            response = self.opener.open(urllib.request.Request(url, body, headers))
        except urllib.error.HTTPError as error:
            response = error  # a redirect or an error page: read it all the same
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return response.status, response.read().decode("utf-8", "replace")

    def csrf_token(self, page):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found:
            raise SystemExit("no CSRF token on the admin page")
        return found.group(1)


def main(base_url, username, password, role_id, action):
    if action not in ("publish", "unpublish"):
        raise SystemExit(f"unknown action {action!r}: publish or unpublish")
    browser = Browser(base_url)
    _status, page = browser.request("/admin/login/?next=/admin/")
    status, page = browser.request(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": browser.csrf_token(page),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    if status != 302:
        raise SystemExit(f"login refused (HTTP {status})")
    _status, page = browser.request("/admin/roles/role/")
    status, page = browser.request(
        "/admin/roles/role/",
        {
            "csrfmiddlewaretoken": browser.csrf_token(page),
            "action": action,
            "_selected_action": [role_id],
            "index": "0",
        },
    )
    if status != 302:
        raise SystemExit(f"the action {action} was not accepted (HTTP {status})")
    print(f"{action}: role {role_id} through {base_url}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
