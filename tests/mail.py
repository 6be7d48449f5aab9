"""A real SMTP server for tests: aiosmtpd's protocol on a pre-bound free port, keeping what it receives."""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as modern_policy

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
def smtp_on_free_port(inbox: Inbox) -> Iterator[int]:
    """aiosmtpd's SMTP protocol served from its own event loop thread on a pre-bound free port (aiosmtpd's
    Controller cannot start on port 0); yields the port."""
    sock = bound_socket()
    sock.listen()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="test-smtp")
    thread.start()  # the server is made on its own loop's thread: the caller's thread may run a loop (Playwright)
    made = asyncio.run_coroutine_threadsafe(loop.create_server(lambda: SMTP(inbox, hostname="smtp.test"), sock=sock),
                                            loop)
    server = made.result(timeout=10)
    try:
        yield sock.getsockname()[1]
    finally:
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        sock.close()
