"""Outreach pages over real HTTP with CSRF: compose from ticked creators, preview, send (held in the outbox or
queued for a real SMTP server), the outbox with its filters, templates with a stale version, do-not-contact,
sender, replies on a creator's page, unsubscribe, and viewers who only read."""

import re

import httpx
import pytest

from reachroom.outreach.delivery import drain
from tests.web import csrf_of, login


@pytest.fixture
def browser(live_server, team):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        assert login(client, team.tenant.email).status_code == 200
        yield client


def _compose(browser, team, ids):
    token = csrf_of(browser.get(f"/campaigns/{team.campaign['id']}").text)
    r = browser.post(f"/campaigns/{team.campaign['id']}/email/compose",
                     data={"csrf_token": token, "ids": [str(i) for i in ids]}, follow_redirects=True)
    assert r.status_code == 200
    return r


def test_compose_preview_and_send_from_ticked_creators(browser, team, http, engine):
    page = _compose(browser, team, team.entries)
    assert page.text.count('data-testid="recipient"') == 3 and "Save 3 emails to the outbox" in page.text
    form = {"csrf_token": csrf_of(page.text), "ids": [str(i) for i in team.entries],
            "subject": "Hi {{ first_name }}", "body": "Join {{ campaign }}, {{ creator_name }}?"}
    shown = browser.post(f"/campaigns/{team.campaign['id']}/email/preview", data=form)
    assert shown.status_code == 200 and "Hi Anna" in shown.text and "Join " + team.campaign["name"] in shown.text
    assert "no email address on file" in shown.text  # Cara has none: said before sending
    bad = browser.post(f"/campaigns/{team.campaign['id']}/email", data={**form, "body": "{{ nope }}"})
    assert bad.status_code == 422 and "nope" in bad.text and 'data-testid="form-errors"' in bad.text
    assert 'value="Hi {{ first_name }}"' in bad.text  # what was typed comes back
    sent = browser.post(f"/campaigns/{team.campaign['id']}/email", data=form, follow_redirects=True)
    assert sent.status_code == 200 and "2 emails saved in the outbox" in sent.text
    assert f"@{team.handles[2]}" in sent.text  # and who was not emailed, with why
    assert f"emailed <strong>@{team.handles[0]}</strong>: “Hi Anna”" in sent.text  # on the campaign's timeline
    outbox = browser.get("/outreach")
    assert outbox.text.count('data-testid="outbox-row"') == 2 and 'data-testid="no-mail-server"' in outbox.text
    assert browser.get("/outreach?status=sent").text.count('data-testid="outbox-row"') == 0


def test_nobody_ticked_says_so(browser, team):
    r = browser.post(f"/campaigns/{team.campaign['id']}/email/compose",
                     data={"csrf_token": csrf_of(browser.get(f"/campaigns/{team.campaign['id']}").text)})
    assert r.status_code == 422 and "Tick at least one creator" in r.text


def test_with_a_mail_server_the_page_sends(smtp_server, browser, team, engine):
    page = browser.get(f"/campaigns/{team.campaign['id']}/email", params={"ids": team.entries[0]})
    assert "Send to 1 creator" in page.text
    r = browser.post(f"/campaigns/{team.campaign['id']}/email", follow_redirects=True,
                     data={"csrf_token": csrf_of(page.text), "ids": str(team.entries[0]), "subject": "Hello",
                           "body": "Hi {{ first_name }}"})
    assert "1 email queued to send" in r.text
    drain(engine)
    assert len(smtp_server.to(team.emails[0])) == 1
    emails = browser.get(f"/campaigns/{team.campaign['id']}/creators/{team.entries[0]}/emails")
    assert 'data-status="sent"' in emails.text and "Hello" in emails.text


def test_templates_do_not_contact_and_sender_forms(browser, team, factory, live_server):
    token = csrf_of(browser.get("/outreach").text)
    r = browser.post("/outreach/templates", data={"csrf_token": token, "name": "Nudge", "subject": "Hi",
                                                  "body": "Hi {{ first_name }}"}, follow_redirects=True)
    assert "Template “Nudge” saved" in r.text
    tid = re.search(r'href="/outreach/templates/(\d+)"', r.text).group(1)
    edit = browser.get(f"/outreach/templates/{tid}")
    version = re.search(r'name="version" value="(\d+)"', edit.text).group(1)
    ok = browser.post(f"/outreach/templates/{tid}", data={"csrf_token": token, "name": "Nudge", "subject": "Hey",
                                                           "body": "Hey", "version": version})
    assert ok.status_code == 303
    stale = browser.post(f"/outreach/templates/{tid}", data={"csrf_token": token, "name": "Nudge", "subject": "Yo",
                                                              "body": "Yo", "version": version})
    assert stale.status_code == 409 and "changed by someone else" in stale.text and 'value="Yo"' in stale.text
    bad = browser.post("/outreach/do-not-contact", data={"csrf_token": token, "email": "not an address"})
    assert bad.status_code == 422 and "email" in bad.text
    added = browser.post("/outreach/do-not-contact", data={"csrf_token": token, "email": team.emails[0]},
                         follow_redirects=True)
    assert "will never be emailed" in added.text and team.emails[0] not in added.text
    denied = browser.post("/outreach/sender", data={"csrf_token": token, "from_address": "x@brand.test"})
    assert denied.status_code == 403  # members don't set the sender
    with httpx.Client(base_url=live_server, timeout=30) as admin_browser:
        admin = factory.tenant("admin", team.tenant.workspace_id)
        login(admin_browser, admin.email)
        admin_token = csrf_of(admin_browser.get("/outreach").text)
        r = admin_browser.post("/outreach/sender", data={"csrf_token": admin_token, "from_name": "Team",
                                                         "from_address": "team@brand.test", "per_minute": "0"})
        assert r.status_code == 422 and "per_minute" in r.text
        r = admin_browser.post("/outreach/sender", follow_redirects=True,
                               data={"csrf_token": admin_token, "from_name": "Team", "from_address": "team@brand.test",
                                     "per_minute": "12"})
        assert "Sender saved" in r.text and 'value="team@brand.test"' in r.text


def test_replies_and_emails_on_the_creator_page(browser, team):
    base = f"/campaigns/{team.campaign['id']}/creators/{team.entries[0]}"
    page = browser.get(base)
    assert 'data-testid="reply-form"' in page.text and f"/campaigns/{team.campaign['id']}/email?ids=" in page.text
    r = browser.post(base + "/reply", data={"csrf_token": csrf_of(page.text), "text": "Count me in!"},
                     follow_redirects=True)
    assert "Reply logged" in r.text and "Count me in!" in r.text
    empty = browser.post(base + "/reply", data={"csrf_token": csrf_of(page.text), "text": ""}, follow_redirects=True)
    assert 'data-testid="reply-error"' in empty.text
    assert 'data-testid="no-emails"' in browser.get(base + "/emails").text


def test_viewers_read_the_outbox_without_forms(live_server, team, factory):
    viewer = factory.tenant("viewer", team.tenant.workspace_id)
    with httpx.Client(base_url=live_server, timeout=30) as client:
        login(client, viewer.email)
        page = client.get("/outreach")
        assert page.status_code == 200 and 'data-testid="template-form"' not in page.text
        assert 'data-testid="dnc-form"' not in page.text and 'data-testid="sender-form"' not in page.text
        assert client.get(f"/campaigns/{team.campaign['id']}/email").status_code == 403


def test_export_ticked_creators(browser, team):
    token = csrf_of(browser.get(f"/campaigns/{team.campaign['id']}?view=table").text)
    r = browser.post(f"/campaigns/{team.campaign['id']}/export",
                     data={"csrf_token": token, "ids": [str(team.entries[0]), str(team.entries[2])]})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert len(lines) == 3 and team.handles[0] in lines[1] and team.handles[2] in lines[2]
    everyone = browser.post(f"/campaigns/{team.campaign['id']}/export", data={"csrf_token": token})
    assert len(everyone.text.strip().splitlines()) == 4
