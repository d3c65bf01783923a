"""Every form of the staff UI, on the demo distributor's data, refuses junk without a server
error: each form met by following the admin's links is posted once per field with that
field's value replaced by junk (the others as the page filled them)."""
from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from erp.demo import DEMO_PASSWORD
from tests.erp.test_demo_crawl import HREF, SKIP

JUNK = "x'<垃圾>"
#: Forms never posted: they end the login or switch what later pages show.
SKIP_ACTIONS = re.compile(r"/(logout|lang|password)\b")


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (name → value as filled)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or "", self._fields))
        elif self._fields is None:
            return
        elif tag in ("input", "textarea") and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._fields.setdefault(a["name"], "")
        elif tag == "option" and self._select and not self._fields.get(self._select):
            self._fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def collect_forms(client, limit: int = 400) -> dict[str, tuple[str, dict[str, str]]]:
    """One form per action shape (digits collapsed), found by following links from home."""
    forms, seen, shapes = {}, set(), {}
    queue = deque(["/"])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        parser = Forms()
        parser.feed(html)
        for action, fields in parser.forms:
            target = urlsplit(urljoin(url, action or url)).path
            shape = re.sub(r"\d+", "N", target)
            if not SKIP_ACTIONS.search(target) and shape not in forms:
                forms[shape] = (target, fields)
        for href in HREF.findall(html):
            parts = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            path_shape = re.sub(r"\d+", "N", parts.path)
            if parts.netloc in ("", "localhost") and not SKIP.search(parts.path) \
                    and shapes.get(path_shape, 0) < (2 if "state=draft" in url else 1):
                shapes[path_shape] = shapes.get(path_shape, 0) + 1
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
                if parts.path.endswith("/") and not parts.query:
                    queue.append(parts.path + "?state=draft")  # a list's drafts lead to the edit forms
    return forms


@pytest.mark.slow
def test_every_form_refuses_junk_in_any_field_without_a_server_error(demo_on_sqlite, client):
    assert client.post("/login", data={"username": "admin", "password": DEMO_PASSWORD}).status_code == 302
    forms = collect_forms(client)
    problems, posted = [], 0
    for shape, (action, fields) in sorted(forms.items()):
        # One field of each kind: the first line of a document or row of a grid stands for the others.
        kinds = {}
        for name in fields:
            if name != "csrf_token":
                kinds.setdefault(re.sub(r"\d+", "N", name), name)
        for name in kinds.values():
            response = client.post(action, data={**fields, name: JUNK})
            posted += 1
            if response.status_code >= 500:
                problems.append(f"{shape} {name}: {response.status_code}")
    assert problems == []
    assert len(forms) >= 40 and posted >= 150, (len(forms), posted)
