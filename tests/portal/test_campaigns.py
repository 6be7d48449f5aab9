"""A creator's campaigns in the portal over real HTTP: claim a catalogue account with a code in its bio, see the
campaigns it is in (their own entry only), accept the newest terms themselves — recorded as the creator's, not
the brand's on their behalf — and nobody else's."""

import re
import uuid

import httpx
from sqlalchemy import update

from reachroom.db import unit_of_work
from reachroom.models import SocialAccount

PASSWORD = "creator-pass-123"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _creator(live_server) -> httpx.Client:
    client = httpx.Client(base_url=live_server, timeout=30)
    page = client.get("/portal/signup")
    client.post("/portal/signup", data={"csrf_token": _csrf(page.text), "name": "Pat Creator",
                                        "email": f"pat{uuid.uuid4().hex[:10]}@creators.test", "password": PASSWORD})
    return client


def _brand_campaign(http, factory, handle: str):
    t = factory.tenant("admin")
    account = factory.creator(handle=handle)[1]  # a shared-catalogue account
    other = factory.creator(handle=f"other{uuid.uuid4().hex[:8]}")[1]
    brand = http.post("/api/v1/brands", json={"name": f"Brand {uuid.uuid4().hex[:8]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Cosy {uuid.uuid4().hex[:8]}", "brand_id": brand["id"]},
                  headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [account, other]},
              headers=t.headers).raise_for_status()
    entries = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    mine = next(e for e in entries if e["account_id"] == account)
    theirs = next(e for e in entries if e["account_id"] == other)
    r = http.post(f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}/agreements",
                  json={"base_version": 0, "fee": "275", "currency": "GBP", "usage_rights_days": 30},
                  headers=t.headers)
    assert r.status_code == 201, r.text
    return t, c, account, mine, theirs


def _claim(creator, engine, handle: str, account_id: int) -> None:
    home = creator.get("/portal")
    r = creator.post("/portal/claims", data={"csrf_token": _csrf(home.text), "account": f"instagram:@{handle}"},
                     follow_redirects=True)
    code = re.search(r'data-testid="claim-code">(RR-\w+)<', r.text).group(1)
    claim_id = re.search(r'/portal/claims/(\d+)/check', r.text).group(1)
    early = creator.post(f"/portal/claims/{claim_id}/check", data={"csrf_token": _csrf(r.text)})
    assert early.status_code == 409 and "not in @" in early.text
    with unit_of_work(engine) as db:  # the profile as Reachroom reads it next, the code in the bio
        db.execute(update(SocialAccount).where(SocialAccount.id == account_id).values(bio=f"Tea and books {code}"))
    ok = creator.post(f"/portal/claims/{claim_id}/check", data={"csrf_token": _csrf(r.text)},
                      follow_redirects=True)
    assert "is yours" in ok.text and 'data-status="verified"' in ok.text


def test_claim_see_and_accept_the_terms(http, factory, engine, live_server):
    handle = f"pat{uuid.uuid4().hex[:8]}"
    t, c, account, mine, theirs = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    assert 'data-testid="no-campaigns"' in creator.get("/portal").text
    _claim(creator, engine, handle, account)
    home = creator.get("/portal").text
    assert c["name"] in home and "275.00 GBP" in home and 'data-testid="accept-terms"' in home
    assert theirs["handle"] not in home  # the other creator in the campaign is not shown
    r = creator.post(f"/portal/campaigns/{mine['id']}/accept", data={"csrf_token": _csrf(home), "version": "1"},
                     follow_redirects=True)
    assert "Terms version 1 accepted" in r.text and 'data-testid="my-payment" data-status="due"' in r.text
    terms = http.get(f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}/agreements", headers=t.headers).json()
    assert terms[0]["status"] == "accepted" and terms[0]["on_behalf"] is False
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}", headers=t.headers).json()
    assert entry["stage"] == "contracted"
    again = creator.post(f"/portal/campaigns/{mine['id']}/accept", data={"csrf_token": _csrf(home), "version": "1"})
    assert again.status_code == 409
    not_mine = creator.post(f"/portal/campaigns/{theirs['id']}/accept", data={"csrf_token": _csrf(home),
                                                                              "version": "1"})
    assert not_mine.status_code == 404
    creator.close()


def test_an_account_is_claimed_once_and_unknown_ones_are_named(http, factory, engine, live_server):
    handle = f"sam{uuid.uuid4().hex[:8]}"
    _, _, account, _, _ = _brand_campaign(http, factory, handle)
    first, second = _creator(live_server), _creator(live_server)
    _claim(first, engine, handle, account)
    home = second.get("/portal").text
    taken = second.post("/portal/claims", data={"csrf_token": _csrf(home), "account": f"instagram:{handle}"})
    assert taken.status_code == 409 and "already claimed" in taken.text
    unknown = second.post("/portal/claims", data={"csrf_token": _csrf(home), "account": "instagram:no.such.one"})
    assert unknown.status_code == 422 and "catalogue" in unknown.text
    bad = second.post("/portal/claims", data={"csrf_token": _csrf(home), "account": "just-a-name"})
    assert bad.status_code == 422 and "platform:handle" in bad.text
    assert second.post("/portal/claims/999999/check", data={"csrf_token": _csrf(home)}).status_code == 404
    first.close()
    second.close()
