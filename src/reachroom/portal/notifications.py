"""What a creator hears about, in the portal and by email (through the app's outbox): a new opportunity that fits
one of their accounts, a brand's answer to their bid, new terms, a review of their draft, a payment.

Campaign events reach the portal through `core.events`, so the campaigns domain knows nothing of creators' logins.
A new opportunity is told to every fitting creator by the worker, after the publication commits: with thousands of
creators that loop (and one email each) does not belong in the brand's request.
"""


from sqlalchemy.orm import Session

from reachroom.core import events, jobs
from reachroom.models import CreatorNotification, utcnow
from reachroom.outreach import service as mail
from reachroom.portal import repository as repo
from reachroom.portal.opportunities import eligible
from reachroom.portal.service import CreatorAuth


def notify(db: Session, creator_user_id: int, email: str, kind: str, text: str, link: str) -> None:
    """One notification in the portal, and the same by email."""
    repo.add(db, CreatorNotification(creator_user_id=creator_user_id, kind=kind, text=text[:300], link=link))
    mail.queue_system_email(db, email, "", f"Reachroom: {text}"[:200],
                            f"{text}\n\nSee it in your portal: {mail.public_url()}{link}\n")


def recent(db: Session, auth: CreatorAuth) -> tuple[list[CreatorNotification], int]:
    """(the newest notifications, how many are unread)."""
    rows = repo.notifications(db, auth.creator_user_id)
    return rows, sum(1 for n in rows if n.read_at is None)


def mark_all_read(db: Session, auth: CreatorAuth) -> None:
    """Everything seen."""
    repo.mark_read(db, auth.creator_user_id, utcnow())


def _about_entry(kind: str, link: str):
    def handler(db: Session, entry_id: int, text: str) -> None:
        for creator_user_id, email in repo.creators_of_entry(db, entry_id):
            notify(db, creator_user_id, email, kind, text, link)
    return handler


def tell_fitting_creators(db: Session, campaign_id: int) -> int:
    """Tell every creator with an account that meets the opportunity's rules (once per creator); how many."""
    found = repo.opportunity_of(db, campaign_id)
    if found is None:
        return 0
    o, _ = found
    told: set[int] = set()
    for user, account, score in repo.creators_with_accounts(db):
        if user.id not in told and eligible(o, account, score, user.country or "", user.niches or []):
            told.add(user.id)
            notify(db, user.id, user.email, "opportunity", f"A new opportunity fits you: {o.title}",
                   "/portal/opportunities")
    return len(told)


def _tell(campaign_id: int) -> None:
    from reachroom.db import get_engine, unit_of_work

    with unit_of_work(get_engine()) as db:
        tell_fitting_creators(db, campaign_id)


_tell_task = jobs.on_each_queue(
    lambda huey: huey.task(name="reachroom.portal.tell_fitting_creators", retries=2, retry_delay=30)(_tell))


def register_tasks() -> None:
    """Make the new-opportunity task known to this process's queue (the worker runs it)."""
    _tell_task()


def _opportunity_published(db: Session, campaign_id: int) -> None:
    """Queue telling the fitting creators, once the publication commits (the worker then sees it)."""
    jobs.after_commit(db, lambda: _tell_task()(campaign_id))


events.subscribe("terms_proposed", _about_entry("terms", "/portal#campaigns"))
events.subscribe("draft_reviewed", _about_entry("review", "/portal#campaigns"))
events.subscribe("payment_paid", _about_entry("payment", "/portal#campaigns"))
events.subscribe("opportunity_published", _opportunity_published)
