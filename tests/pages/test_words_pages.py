"""Words a marketer reads: accounts and creators counted the same way on every page, one date format."""

import re

import httpx

from reachroom.db import unit_of_work
from reachroom.models import SocialAccount, utcnow
from tests.web import csrf_of, login


def _second_account(engine, creator_id: int, workspace_id: int, handle: str) -> int:
    with unit_of_work(engine) as db:
        acc = SocialAccount(creator_id=creator_id, workspace_id=workspace_id, scope_key=workspace_id,
                            platform="tiktok", handle=handle, display_name=handle, followers=900, source="manual",
                            collected_at=utcnow())
        db.add(acc)
        db.flush()
        return acc.id


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_accounts_and_creators_are_counted_consistently(live_server, factory, engine, http, unique):
    t = factory.tenant("owner")
    creator_id, first = factory.creator(workspace_id=t.workspace_id, handle=f"cnt{unique}", name=f"Cnt {unique}")
    second = _second_account(engine, creator_id, t.workspace_id, f"cnt{unique}.tt")
    api = http.get("/api/v1/creators", params={"q": f"cnt{unique}"}, headers=t.headers).json()
    assert (api["total"], api["creators"]) == (2, 1)

    with httpx.Client(base_url=live_server, timeout=30) as client:
        login(client, t.email)
        listing = _text(client.get("/creators", params={"q": f"cnt{unique}"}).text)
        assert "2 accounts of 1 creator match" in listing and "1–2 of 2 accounts" in listing

        lst = http.post("/api/v1/lists", json={"name": f"Words {unique}"}, headers=t.headers).json()
        list_id = lst["id"]
        for account_id in (first, second):
            r = http.post(f"/api/v1/lists/{list_id}/items", json={"account_id": account_id}, headers=t.headers)
            assert r.status_code < 300, r.text
        detail = _text(client.get(f"/lists/{list_id}").text)
        assert "2 accounts of 1 creator" in detail
        index = client.get("/lists").text
        card = re.search(rf'data-list-id="{list_id}".*?</article>', index, re.S).group(0)
        assert "2 accounts" in _text(card)
        profile = _text(client.get(f"/creators/{creator_id}").text)
        assert "2 accounts" in profile


DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b0\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def test_pages_show_one_date_format(live_server, factory, unique):
    t = factory.tenant("owner")
    creator_id, _ = factory.creator(workspace_id=t.workspace_id, handle=f"dt{unique}")
    with httpx.Client(base_url=live_server, timeout=30) as client:
        login(client, t.email)
        client.post("/settings/tokens", data={"csrf_token": csrf_of(client.get("/settings").text), "name": "d"})
        for path in (f"/creators/{creator_id}", "/settings", "/brands", "/lists"):
            html = client.get(path).text
            visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # chart data stays ISO for the code
            assert not DATE.search(_text(visible)), (path, DATE.search(_text(visible)))
        profile = _text(client.get(f"/creators/{creator_id}").text)
        assert re.search(r"as of [1-9]\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", profile)
