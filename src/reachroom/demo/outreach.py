"""Demo outreach: two templates, a sender, a first-touch email to every demo campaign's creators (sent for campaigns
that are live or done, waiting in the outbox for the rest, one that bounced), a do-not-contact entry and a few
replies logged by hand. No mail leaves the machine: demo addresses are on example.com/.org/.net."""

from sqlalchemy import Engine

from reachroom.campaigns import service as campaigns
from reachroom.core.errors import AppError
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import unit_of_work
from reachroom.demo import repository as repo
from reachroom.outreach import service as outreach
from reachroom.outreach.schemas import DoNotContactIn, ReplyIn, SenderIn, SendIn, TemplateIn

FIRST_TOUCH = TemplateIn(
    name="First touch", subject="{{ brand }} x {{ first_name }}: {{ campaign }}",
    body="Hi {{ first_name }},\n\nWe love your posts and would like you in {{ campaign }} for {{ brand }}.\n\n"
         "The brief: {{ brief_link }}\n\nInterested? Just reply to this email.\n\nBest,\n{{ sender }}")
GIFT_ON_ITS_WAY = TemplateIn(
    name="Gift on its way", subject="Your {{ brand }} parcel is on its way",
    body="Hi {{ first_name }},\n\nYour gift for {{ campaign }} has shipped. Once it arrives, the brief has "
         "everything you need: {{ brief_link }}\n\nThe agreed fee is {{ fee }}.\n\n{{ sender }}")
REPLIES = ("Sounds lovely, count me in!", "Could you tell me more about the usage rights?",
           "Thanks! What's the timeline for the first draft?")


def add_demo_outreach(engine: Engine, workspace_id: int, user_id: int) -> int:
    """The demo workspace's outreach (nothing if it has templates already); returns how many emails."""
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    with unit_of_work(engine) as db:
        if outreach.list_templates(db, ctx):
            return 0
        outreach.create_template(db, ctx, FIRST_TOUCH)
        outreach.create_template(db, ctx, GIFT_ON_ITS_WAY)
        outreach.set_sender(db, ctx, SenderIn(from_name="Reachroom demo team",
                                              from_address="partnerships@reachroom.local", per_minute=30))
        outreach.add_do_not_contact(db, ctx, DoNotContactIn(email="no.thanks@example.com",
                                                            reason="asked not to be contacted at an event"))
        sent = 0
        for c in campaigns.list_campaigns(db, ctx):
            rows = campaigns.pipeline(db, ctx, c.id)
            if not rows:
                continue
            try:
                result = outreach.send(db, ctx, c.id, SendIn(subject=FIRST_TOUCH.subject, body=FIRST_TOUCH.body,
                                                             entry_ids=[r.id for r in rows]))
            except AppError:  # nobody in this campaign has an address on file
                continue
            # Demo mail never leaves the machine, even when a mail server is configured: nothing stays queued.
            repo.mark_demo_emails(db, result.email_ids, "held")
            if c.status in ("live", "completed", "archived"):
                repo.mark_demo_emails(db, result.email_ids, "sent")
            elif c.status == "recruiting" and result.email_ids:
                repo.mark_demo_emails(db, result.email_ids[:1], "failed",
                                      "mail server answered 550: 5.1.1 mailbox unavailable")
            for row, text in zip([r for r in rows if r.stage != "invited"], REPLIES, strict=False):
                outreach.log_reply(db, ctx, c.id, row.id, ReplyIn(text=text))
            sent += len(result.email_ids)
        return sent
