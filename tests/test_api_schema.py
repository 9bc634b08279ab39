"""
The API schema at /api/schema/ answers every request, also the first ones of
a fresh worker arriving at once (drf-spectacular is not thread-safe while it
first generates).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONCURRENT_FIRST_REQUESTS = """
import json, os, sys, threading
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")
import django
django.setup()
from django.test import Client

THREADS = 16
barrier = threading.Barrier(THREADS)
results = []

def fire():
    client = Client(raise_request_exception=False)
    barrier.wait()
    response = client.get("/api/schema/?format=json", headers={"Accept-Language": "nl"})
    results.append((response.status_code, response.content.decode()))

threads = [threading.Thread(target=fire) for _ in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(results))
"""


def test_api_schema_concurrent_first_requests_to_a_fresh_process_all_succeed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_FIRST_REQUESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.splitlines()[-1])
    assert [status for status, _body in answers] == [200] * 16
    bodies = {body for _status, body in answers}
    assert len(bodies) == 1
    assert "/api/roles/" in json.loads(bodies.pop())["paths"]


def test_api_schema_is_generated_when_a_worker_starts():
    code = "import rolwijzer.wsgi; from roles.api_urls import GENERATED; print(sorted(GENERATED))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "['en', 'nl']"


@pytest.mark.django_db
def test_api_schema_follows_the_language_of_the_request(client):
    dutch = client.get("/api/schema/?format=json", headers={"Accept-Language": "nl"})
    english = client.get("/api/schema/?format=json", headers={"Accept-Language": "en"})
    assert dutch.status_code == english.status_code == 200
    assert dutch["Content-Disposition"] == 'inline; filename="Rolwijzer API.json"'
    assert json.loads(dutch.content)["paths"].keys() == json.loads(english.content)["paths"].keys()
