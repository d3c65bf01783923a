"""Every page a demo user can reach by following links from the start page opens without a
server error, on the demo distributor's real data (documents in every state, stock,
receivables, payables) — not just on an empty database with made-up ids."""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from erp.demo import DEMO_PASSWORD, load_demo_data

#: Followed links per URL shape (digits collapsed): enough to meet documents in several
#: states without opening each of 200 products.
PER_SHAPE = 3
#: Never followed: the ones that end the login, and downloads checked elsewhere.
SKIP = re.compile(r"^/(logout|api/|static/)|/(export|pdf)\b|\.(xlsx|csv|pdf)$")
HREF = re.compile(r'href="([^"#]+)"')


def crawl(client, start: str = "/", limit: int = 600) -> tuple[dict[str, int], int]:
    seen_shapes: dict[str, int] = {}
    statuses: dict[str, int] = {}
    queue = deque([start])
    while queue and len(statuses) < limit:
        url = queue.popleft()
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "localhost"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or target in statuses:
                continue
            shape = re.sub(r"\d+", "N", parts.path)
            if seen_shapes.get(shape, 0) >= PER_SHAPE:
                continue
            seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
            queue.append(target)
    return statuses, len(seen_shapes)


@pytest.fixture
def demo(backend, username, db, app):
    if backend != "sqlite" and username != "admin":
        pytest.skip("each role's links are the same on PostgreSQL; the admin's crawl covers its SQL")
    load_demo_data(db)
    db.commit()


@pytest.mark.slow
@pytest.mark.parametrize("username", ["admin", "clerk", "warehouse", "finance", "buyer"])
def test_every_linked_page_of_the_demo_opens_for_each_role(demo, client, username):
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    statuses, shapes = crawl(client)
    assert {url: status for url, status in statuses.items() if status >= 500} == {}
    # A page links only to what its reader may open (the menu and buttons follow the role).
    assert {url: status for url, status in statuses.items() if status in (401, 403)} == {}
    assert shapes >= (100 if username == "admin" else 15), shapes


@pytest.mark.slow
@pytest.mark.parametrize("username", ["admin"])
def test_every_read_endpoint_of_the_api_answers_on_the_demo(demo, api, db, username):
    """Every GET of the API without path parameters answers (or names a missing query
    parameter), and the detail of the first record of each list opens."""
    from erp.api.framework import ENDPOINTS
    from erp.auth.models import User

    client = api(db.scalar(select(User).where(User.username == username)))
    first_ids: dict[str, int] = {}
    problems = []
    gets = [ep for ep in ENDPOINTS if ep.method == "GET"]
    for ep in gets:
        if "<" in ep.rule:
            continue
        response = client.get(ep.rule)
        if response.status_code != 200 and not (response.status_code == 422 and ep.query is not None):
            problems.append(f"{ep.rule}: {response.status_code}")
            continue
        body = response.get_json(silent=True)
        items = body.get("items") if isinstance(body, dict) else body if isinstance(body, list) else None
        if items and isinstance(items[0], dict) and isinstance(items[0].get("id"), int):
            first_ids[ep.rule] = items[0]["id"]
    opened = 0
    for ep in gets:
        match = re.fullmatch(r"(.+)/<int:\w+>", ep.rule)
        if match and match.group(1) in first_ids and ep.content_type == "application/json":
            response = client.get(f"{match.group(1)}/{first_ids[match.group(1)]}")
            opened += 1
            if response.status_code != 200:
                problems.append(f"{ep.rule}: {response.status_code}")
    assert problems == []
    assert len(first_ids) >= 30 and opened >= 25, (len(first_ids), opened)
