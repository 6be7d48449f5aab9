"""Outreach fixtures: a real SMTP server (aiosmtpd) on a free port that keeps what it receives, and a campaign
with creators who have email addresses."""

import uuid

import httpx
import pytest

from tests.mail import Inbox, smtp_on_free_port


@pytest.fixture
def smtp_server(monkeypatch):
    """A real SMTP server on 127.0.0.1 with the app's settings pointed at it (plain SMTP, no login)."""
    inbox = Inbox()
    with smtp_on_free_port(inbox) as port:
        yield from _pointed_at(monkeypatch, inbox, port)


def _pointed_at(monkeypatch, inbox: Inbox, port: int):
    monkeypatch.setenv("REACHROOM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("REACHROOM_SMTP_PORT", str(port))
    monkeypatch.setenv("REACHROOM_SMTP_SECURITY", "none")
    monkeypatch.setenv("REACHROOM_SMTP_TIMEOUT_SECONDS", "10")
    monkeypatch.setenv("REACHROOM_PUBLIC_URL", "http://app.reachroom.test")
    from reachroom.config import get_settings

    get_settings.cache_clear()
    inbox.port = port
    yield inbox
    get_settings.cache_clear()


class Team:
    """A workspace with a campaign of three creators (two with email addresses, one without)."""

    def __init__(self, factory, live_server, role: str = "member") -> None:
        self.tenant = factory.tenant(role)
        tag = uuid.uuid4().hex[:10]
        self.emails = [f"anna{tag}@creators.test", f"ben{tag}@creators.test"]
        people = [("Anna Berg", self.emails[0]), ("Ben Cole", self.emails[1]), ("Cara Dunn", None)]
        self.handles = [f"out{tag}{i}" for i in range(3)]
        accounts = [factory.creator(workspace_id=self.tenant.workspace_id, handle=h, name=n, email=e)[1]
                    for h, (n, e) in zip(self.handles, people, strict=True)]
        admin = self.admin_headers = factory.tenant("admin", self.tenant.workspace_id).headers
        with httpx.Client(base_url=live_server, timeout=30) as c:
            brand = c.post("/api/v1/brands", json={"name": f"Brand {tag}"}, headers=admin).json()
            self.brand = brand["name"]
            self.campaign = c.post("/api/v1/campaigns", json={"name": f"Cosy {tag}", "brand_id": brand["id"]},
                                   headers=admin).json()
            c.post(f"/api/v1/campaigns/{self.campaign['id']}/creators", json={"account_ids": accounts},
                   headers=admin).raise_for_status()
            rows = c.get(f"/api/v1/campaigns/{self.campaign['id']}/creators", headers=admin).json()
        self.entries = [next(r["id"] for r in rows if r["handle"] == h) for h in self.handles]

    @property
    def headers(self):
        return self.tenant.headers


@pytest.fixture
def team(factory, live_server):
    return Team(factory, live_server)
