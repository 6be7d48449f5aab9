"""Outreach fixtures: a real SMTP server (aiosmtpd) on a free port that keeps what it receives, and a campaign
with creators who have email addresses."""

import asyncio
import threading
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as modern_policy

import httpx
import pytest
from aiosmtpd.smtp import SMTP

from tests.live import bound_socket


class Inbox:
    """What the test SMTP server accepted; `answers` scripts its replies ("451 …" refuses, None accepts)."""

    def __init__(self) -> None:
        self.messages: list = []
        self.answers: list[str | None] = []
        self.hold_seconds = 0.0
        self.stalled = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.hold_seconds:  # a server that stalls: the message is never accepted
            self.stalled.set()
            await asyncio.sleep(self.hold_seconds)
            return "421 4.4.2 timed out"
        answer = self.answers.pop(0) if self.answers else None
        if answer:
            return answer
        self.messages.append(message_from_bytes(envelope.content, policy=modern_policy))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]


@contextmanager
def smtp_on_free_port(inbox: Inbox):
    """aiosmtpd's SMTP protocol served from its own event loop thread on a pre-bound free port (aiosmtpd's
    Controller cannot start on port 0); yields the port."""
    sock = bound_socket()
    sock.listen()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(lambda: SMTP(inbox, hostname="smtp.test"), sock=sock))
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="test-smtp")
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        sock.close()


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
        with httpx.Client(base_url=live_server) as c:
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
