"""Delivery against a real SMTP server started by the test: sent mail arrives with its unsubscribe headers,
temporary refusals are retried with growing waits, permanent ones fail visibly, the per-minute pace holds, and an
email whose worker died mid-send is taken back and sent."""

from datetime import timedelta

from sqlalchemy import select, update

from reachroom.db import unit_of_work
from reachroom.models import OutboundEmail, utcnow
from reachroom.outreach.delivery import backoff, drain

BODY = "Hi {{ first_name }}, would you join {{ campaign }}?"


def _send(http, team, ids):
    r = http.post(f"/api/v1/campaigns/{team.campaign['id']}/emails",
                  json={"subject": "Hello {{ first_name }}", "body": BODY, "entry_ids": ids}, headers=team.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _rows(engine, team) -> list[OutboundEmail]:
    with unit_of_work(engine) as db:
        rows = list(db.scalars(select(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"])
                               .order_by(OutboundEmail.id)))
        db.expunge_all()
    return rows


def _make_due(engine, team) -> None:
    """Skip the backoff wait (the clock is not what these tests are about)."""
    with unit_of_work(engine) as db:
        db.execute(update(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"])
                   .values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def test_queued_mail_reaches_the_smtp_server(smtp_server, http, team, engine):
    result = _send(http, team, team.entries[:2])
    assert result["queued"] == 2 and result["held"] == 0
    drain(engine)
    assert [e.status for e in _rows(engine, team)] == ["sent", "sent"]
    got = smtp_server.to(team.emails[0])
    assert len(got) == 1 and got[0]["Subject"] == "Hello Anna"
    assert got[0]["List-Unsubscribe"].strip().startswith("<http://app.reachroom.test/unsubscribe/")
    assert got[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "would you join" in got[0].get_content()
    drain(engine)  # nothing is sent twice
    assert len(smtp_server.to(team.emails[0])) == 1


def test_temporary_refusals_are_retried_with_backoff_then_sent(smtp_server, http, team, engine):
    smtp_server.answers = ["451 4.3.0 try again later"]
    _send(http, team, team.entries[:1])
    first = drain(engine)
    row = _rows(engine, team)[0]
    assert first.retrying == 1 and row.status == "queued" and row.attempts == 1
    assert "451" in row.last_error and row.next_attempt_at > utcnow()
    assert drain(engine).sent == 0  # not due yet: the backoff is honoured
    _make_due(engine, team)
    assert drain(engine).sent == 1
    row = _rows(engine, team)[0]
    assert row.status == "sent" and row.attempts == 2 and row.last_error == ""
    assert len(smtp_server.to(team.emails[0])) == 1


def test_permanent_refusals_fail_visibly_and_can_be_retried(smtp_server, http, team, engine):
    smtp_server.answers = ["550 5.1.1 no such mailbox"]
    _send(http, team, team.entries[:1])
    assert drain(engine).failed == 1
    row = _rows(engine, team)[0]
    assert row.status == "failed" and "550" in row.last_error
    listed = http.get("/api/v1/outreach/outbox", params={"status": "failed"}, headers=team.headers).json()
    assert any(e["id"] == row.id and "550" in e["last_error"] for e in listed)
    again = http.post(f"/api/v1/outreach/outbox/{row.id}/retry", headers=team.headers)
    assert again.status_code == 200 and again.json()["status"] == "queued"
    drain(engine)
    assert _rows(engine, team)[0].status == "sent" and len(smtp_server.to(team.emails[0])) == 1


def test_attempts_run_out_and_the_email_fails(smtp_server, http, team, engine, monkeypatch):
    monkeypatch.setenv("REACHROOM_MAIL_MAX_ATTEMPTS", "2")
    smtp_server.answers = ["421 busy", "421 busy", "421 busy"]
    _send(http, team, team.entries[:1])
    drain(engine)
    _make_due(engine, team)
    drain(engine)
    row = _rows(engine, team)[0]
    assert row.status == "failed" and row.attempts == 2 and smtp_server.messages == []


def test_an_unreachable_server_is_retried(http, team, engine, monkeypatch, smtp_server):
    monkeypatch.setenv("REACHROOM_SMTP_PORT", "1")  # nothing listens there: connection refused
    _send(http, team, team.entries[:1])
    drain(engine)
    row = _rows(engine, team)[0]
    assert row.status == "queued" and "could not reach the mail server" in row.last_error


def test_the_per_minute_pace_holds(smtp_server, http, team, engine):
    http.put("/api/v1/outreach/sender", json={"from_address": "team@brand.test", "per_minute": 1},
             headers=team.admin_headers).raise_for_status()
    _send(http, team, team.entries[:2])
    result = drain(engine)
    assert result.sent == 1 and result.waiting >= 1
    assert sorted(e.status for e in _rows(engine, team)) == ["queued", "sent"]
    assert smtp_server.messages[0]["From"].addresses[0].addr_spec == "team@brand.test"


def test_an_unsubscribe_after_queueing_stops_the_email(smtp_server, http, team, engine):
    _send(http, team, team.entries[:1])
    http.post("/api/v1/outreach/do-not-contact", json={"email": team.emails[0]},
              headers=team.headers).raise_for_status()
    drain(engine)
    row = _rows(engine, team)[0]
    assert row.status == "failed" and "do-not-contact" in row.last_error and smtp_server.messages == []


def test_a_send_whose_worker_died_is_taken_back_after_its_lease(smtp_server, http, team, engine):
    _send(http, team, team.entries[:1])
    with unit_of_work(engine) as db:  # what a worker killed mid-send leaves behind
        db.execute(update(OutboundEmail).where(OutboundEmail.campaign_id == team.campaign["id"])
                   .values(status="sending", attempts=1, lease_until=utcnow() - timedelta(seconds=1)))
    result = drain(engine)
    assert result.released == 1 and result.sent == 1
    assert _rows(engine, team)[0].status == "sent" and len(smtp_server.to(team.emails[0])) == 1


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30, 60) == timedelta(hours=1)
