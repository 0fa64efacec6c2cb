"""Walking a list to its end the way a user or client does: on a page by its "Volgende" link, in the
API by `next` (a page object) or the `Link` header (an array). Each step checks the access log: one
row for the request, naming the ids shown on that page and no others."""
import html
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.privacy.models import AccessLog

NEXT = re.compile(r'<a class="utrecht-link" href="([^"]+)">Volgende</a>')


def _last_log():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _logged(since, kind):
    rows = list(AccessLog.objects.filter(pk__gt=since, action="list").order_by("pk"))
    assert len(rows) == 1, [(r.object_type, r.detail) for r in rows]
    assert rows[0].object_type == kind
    return rows[0].detail["ids"]


def walk_page(client, path, key, kind=None, page_ids=lambda window: [str(row.pk) for row in window]):
    """The rows of a page's list `key` (its window in the context), page after page; the texts shown."""
    seen, texts, url = [], [], path
    while url:
        since = _last_log()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        window = response.context[key]
        ids = page_ids(window)
        if kind:
            assert _logged(since, kind) == ids
        seen += ids
        content = response.content.decode()
        texts.append(content)
        found = NEXT.findall(content)
        url = path.split("?")[0] + html.unescape(found[0]) if found else None
    return seen, texts


def walk_api(client, path, kind=None, field="id"):
    """The ids (or another `field`) of an API list, following `next` or the Link header to the end;
    the responses."""
    seen, responses, url = [], [], path
    while url:
        since = _last_log()
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids = [str(row[field]) for row in rows]
        if kind:
            assert _logged(since, kind) == ids
        seen += ids
        responses.append(response)
        if isinstance(body, dict):
            url = body["next"]
        else:
            found = re.search(r'<([^>]+)>; rel="next"', response.headers.get("Link", ""))
            url = found.group(1) if found else None
    return seen, responses


def queries_of(client, url):
    """How many queries a request makes (after one request to warm what a session caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


def sql_of(client, url):
    """The SQL a request runs, as run."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in context.captured_queries]


def scans(sql, tables):
    """The sequential scans of `tables` in PostgreSQL's plan of a query."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in tables:
            found.append(node["Relation Name"])
        todo += node.get("Plans", [])
    return found
