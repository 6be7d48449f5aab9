"""Pydantic shapes for outreach: templates, a send, the outbox, do-not-contact and the sender."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.emails import Email
from reachroom.core.types import IdField, UtcDatetime
from reachroom.outreach import merge

EmailStatus = Literal["held", "queued", "sending", "sent", "failed"]
STATUS_NAMES = {"held": "In outbox (no mail server)", "queued": "Queued", "sending": "Sending", "sent": "Sent",
                "failed": "Failed"}
MAX_RECIPIENTS = 1000


class _Text(BaseModel):
    """Subject and body, both checked as templates (unknown merge fields are refused by name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)

    @field_validator("subject", "body")
    @classmethod
    def _template(cls, v: str) -> str:
        merge.check(v)
        return v


class TemplateIn(_Text):
    """A reusable email."""

    name: str = Field(min_length=1, max_length=120)


class TemplatePatch(TemplateIn):
    """A changed template; `version` is the one you read (409 if someone saved in between)."""

    version: int = Field(ge=1)


class TemplateOut(BaseModel):
    """A saved template."""

    id: int
    name: str
    subject: str
    body: str
    version: int
    updated_at: UtcDatetime


class SendIn(_Text):
    """An email to some creators of a campaign (their pipeline entry ids)."""

    entry_ids: list[IdField] = Field(min_length=1, max_length=MAX_RECIPIENTS)


class Preview(BaseModel):
    """One recipient's email, merge fields filled in."""

    entry_id: int
    handle: str
    to_address: str | None
    subject: str
    body: str
    refused: str | None = None


class Refusal(BaseModel):
    """A recipient not emailed, and why."""

    entry_id: int
    handle: str
    reason: str


class SendResult(BaseModel):
    """What happened to a send: queued for the mail server, held in the outbox, or refused (with reasons)."""

    queued: int
    held: int
    refused: list[Refusal]
    email_ids: list[int]


class EmailOut(BaseModel):
    """One message in the outbox."""

    id: int
    campaign_id: int | None
    campaign_name: str | None
    entry_id: int | None
    to_address: str
    to_name: str
    from_address: str
    subject: str
    body: str
    status: EmailStatus
    attempts: int
    next_attempt_at: UtcDatetime | None
    last_error: str
    sent_at: UtcDatetime | None
    created_at: UtcDatetime


class OutboxCounts(BaseModel):
    """How many emails are in each state."""

    held: int = 0
    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0


class DoNotContactIn(BaseModel):
    """An address never to email, and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: Email
    reason: str = Field(default="", max_length=200)


class DoNotContactOut(BaseModel):
    """An entry of the do-not-contact list (the address itself is kept only as a hash)."""

    id: int
    masked: str
    reason: str
    source: str
    created_at: UtcDatetime


class SenderIn(BaseModel):
    """Who outreach comes from and how fast it goes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    from_name: str = Field(default="", max_length=200)
    from_address: Email
    reply_to: Email | None = None
    per_minute: int = Field(default=30, ge=1, le=1000)


class SenderOut(BaseModel):
    """The workspace's sender (defaults when none is set) and whether a mail server is configured."""

    from_name: str
    from_address: str
    reply_to: str
    per_minute: int
    mail_server: bool


class ReplyIn(BaseModel):
    """A reply the creator sent, logged by hand on their timeline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=5000)
