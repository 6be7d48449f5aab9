"""Outreach over real HTTP: templates with versions, preview, sending (held without a mail server), the
do-not-contact list honoured with the reason, unsubscribe links, replies, roles and bad input."""

import re

from sqlalchemy import func, select

from reachroom.db import unit_of_work
from reachroom.models import CampaignEvent, DoNotContact, OutboundEmail

BODY = "Hi {{ first_name }}, join {{ campaign }} for {{ brand }} ({{ fee }}). Brief: {{ brief_link }}"


def _send(http, team, ids, subject="Hello {{ first_name }}", body=BODY, headers=None):
    return http.post(f"/api/v1/campaigns/{team.campaign['id']}/emails",
                     json={"subject": subject, "body": body, "entry_ids": ids}, headers=headers or team.headers)


def _outbox(engine, team) -> list[OutboundEmail]:
    with unit_of_work(engine) as db:
        rows = db.scalars(select(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"])
                          .order_by(OutboundEmail.id)).all()
        db.expunge_all()
        return list(rows)


def test_send_without_a_mail_server_holds_every_email_in_the_outbox(http, team, engine):
    r = _send(http, team, team.entries[:2])
    assert r.status_code == 201, r.text
    assert r.json()["held"] == 2 and r.json()["queued"] == 0
    rows = _outbox(engine, team)
    assert [e.status for e in rows] == ["held", "held"]
    assert {e.to_address for e in rows} == set(team.emails)
    anna = next(e for e in rows if e.to_address == team.emails[0])
    assert anna.subject == "Hello Anna" and f"join {team.campaign['name']} for {team.brand}" in anna.body
    assert "/unsubscribe/" in anna.body  # every email carries its unsubscribe link
    listed = http.get("/api/v1/outreach/outbox", params={"campaign_id": team.campaign["id"]}, headers=team.headers)
    assert {e["status"] for e in listed.json()} == {"held"}
    counts = http.get("/api/v1/outreach/outbox/counts", headers=team.headers).json()
    assert counts["held"] == 2 and counts["sent"] == 0
    with unit_of_work(engine) as db:  # the creator's timeline says who emailed what
        kinds = db.scalars(select(CampaignEvent.kind).where(CampaignEvent.campaign_creator_id == team.entries[0]))
        assert "email" in list(kinds)


def test_a_creator_without_an_address_is_refused_with_the_reason(http, team, engine):
    alone = _send(http, team, [team.entries[2]])
    assert alone.status_code == 409 and "no email address" in alone.json()["error"]["message"]
    mixed = _send(http, team, team.entries)
    assert mixed.status_code == 201
    assert [(x["handle"], x["reason"]) for x in mixed.json()["refused"]] == [
        (team.handles[2], "no email address on file for this creator")]
    assert len(_outbox(engine, team)) == 2


def test_do_not_contact_is_honoured_by_every_send(http, team, engine):
    r = http.post("/api/v1/outreach/do-not-contact", json={"email": team.emails[1].upper(), "reason": "asked us"},
                  headers=team.headers)
    assert r.status_code == 201 and "@" in r.json()["masked"] and team.emails[1] not in r.json()["masked"]
    again = http.post("/api/v1/outreach/do-not-contact", json={"email": team.emails[1]}, headers=team.headers)
    assert again.status_code == 409
    refused = _send(http, team, [team.entries[1]])
    assert refused.status_code == 409 and "do-not-contact" in refused.json()["error"]["message"]
    assert "asked us" in refused.json()["error"]["message"]
    assert _outbox(engine, team) == []
    with unit_of_work(engine) as db:  # the address itself is not stored, only its fingerprint
        stored = db.scalars(select(DoNotContact).where(DoNotContact.workspace_id == team.tenant.workspace_id)).all()
        assert all(team.emails[1] not in (d.masked + d.address_hash) for d in stored)


def test_preview_fills_merge_fields_and_saves_nothing(http, team, engine):
    r = http.post(f"/api/v1/campaigns/{team.campaign['id']}/emails/preview",
                  json={"subject": "For {{ creator_name }}", "body": BODY, "entry_ids": team.entries},
                  headers=team.headers)
    assert r.status_code == 200, r.text
    shown = r.json()
    assert [p["subject"] for p in shown] == ["For Anna Berg", "For Ben Cole", "For Cara Dunn"]
    assert shown[2]["refused"] == "no email address on file for this creator"
    assert f"/campaigns/{team.campaign['id']}/brief" in shown[0]["body"]
    assert _outbox(engine, team) == []


def test_unknown_merge_fields_and_bad_ids_are_refused_by_name(http, team, engine):
    r = _send(http, team, team.entries[:1], body="Hi {{ nickname }}")
    assert r.status_code == 422 and "nickname" in r.text and "body" in r.text
    r = _send(http, team, team.entries[:1], subject="{{ first_name ")
    assert r.status_code == 422 and "subject" in r.text
    r = _send(http, team, [])
    assert r.status_code == 422 and "entry_ids" in r.text
    r = _send(http, team, [team.entries[0], 999_999_999])
    assert r.status_code == 404
    assert _outbox(engine, team) == []


def test_unsubscribe_link_puts_the_address_on_the_list(http, team, engine):
    _send(http, team, team.entries[:1]).raise_for_status()
    token = re.search(r"/unsubscribe/([\w-]+)", _outbox(engine, team)[0].body).group(1)
    page = http.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "Unsubscribe" in page.text and team.emails[0] not in page.text
    assert _send(http, team, team.entries[:1]).status_code == 201  # the GET alone changes nothing
    done = http.post(f"/unsubscribe/{token}")
    assert done.status_code == 200 and "will not get any more emails" in done.text
    refused = _send(http, team, team.entries[:1])
    assert refused.status_code == 409 and "unsubscribed" in refused.json()["error"]["message"]
    assert http.get("/unsubscribe/not-a-real-token").status_code == 404


def test_templates_save_with_versions(http, team):
    body = {"name": "First touch", "subject": "Hi {{ first_name }}", "body": BODY}
    t = http.post("/api/v1/outreach/templates", json=body, headers=team.headers)
    assert t.status_code == 201, t.text
    assert http.post("/api/v1/outreach/templates", json=body, headers=team.headers).status_code == 409
    tid, v = t.json()["id"], t.json()["version"]
    first = http.patch(f"/api/v1/outreach/templates/{tid}", json={**body, "subject": "A", "version": v},
                       headers=team.headers)
    assert first.status_code == 200 and first.json()["version"] == v + 1
    second = http.patch(f"/api/v1/outreach/templates/{tid}", json={**body, "subject": "B", "version": v},
                        headers=team.headers)
    assert second.status_code == 409  # the second editor is told, not silently overwritten
    assert http.get(f"/api/v1/outreach/templates/{tid}", headers=team.headers).json()["subject"] == "A"
    bad = http.post("/api/v1/outreach/templates", json={**body, "name": "x", "body": "{{ oops }}"},
                    headers=team.headers)
    assert bad.status_code == 422 and "oops" in bad.text


def test_viewers_read_but_do_not_send(http, team, factory):
    viewer = factory.tenant("viewer", team.tenant.workspace_id)
    assert http.get("/api/v1/outreach/outbox", headers=viewer.headers).status_code == 200
    assert _send(http, team, team.entries[:1], headers=viewer.headers).status_code == 403
    assert http.put("/api/v1/outreach/sender", json={"from_address": "x@brand.test"},
                    headers=team.headers).status_code == 403  # members don't set the sender; admins do
    r = http.put("/api/v1/outreach/sender", json={"from_name": "Brand team", "from_address": "hello@brand.test",
                                                  "per_minute": 5}, headers=team.admin_headers)
    assert r.status_code == 200 and r.json()["from_address"] == "hello@brand.test"
    bad = http.put("/api/v1/outreach/sender", json={"from_address": "not-an-address"}, headers=team.admin_headers)
    assert bad.status_code == 422 and "from_address" in bad.text


def test_replies_are_logged_on_the_timeline(http, team, engine):
    url = f"/api/v1/campaigns/{team.campaign['id']}/creators/{team.entries[0]}/replies"
    assert http.post(url, json={"text": "Yes please!"}, headers=team.headers).status_code == 204
    assert http.post(url, json={"text": ""}, headers=team.headers).status_code == 422
    with unit_of_work(engine) as db:
        n = db.scalar(select(func.count()).where(CampaignEvent.campaign_creator_id == team.entries[0],
                                                  CampaignEvent.kind == "reply"))
    assert n == 1


def test_retry_is_only_for_failed_emails(http, team, engine):
    _send(http, team, team.entries[:1]).raise_for_status()
    email_id = _outbox(engine, team)[0].id
    r = http.post(f"/api/v1/outreach/outbox/{email_id}/retry", headers=team.headers)
    assert r.status_code == 409 and "failed" in r.json()["error"]["message"]
