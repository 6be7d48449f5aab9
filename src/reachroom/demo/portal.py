"""Demo creator login for the portal: a verified creator with a profile (rates, a fictional address, masked
payout details), so the creator's side can be tried from `make run`."""

from decimal import Decimal

from sqlalchemy import Engine

from reachroom.campaigns.gifting.schemas import Address
from reachroom.config import get_settings
from reachroom.core.errors import AppError
from reachroom.db import unit_of_work
from reachroom.models import utcnow
from reachroom.portal import service as portal
from reachroom.portal.schemas import ProfileIn, RateIn, SignupIn


def add_demo_creator(engine: Engine) -> int:
    """The demo creator account (nothing when it exists); returns how many were made."""
    settings = get_settings()
    with unit_of_work(engine) as db:
        try:
            user = portal.signup(db, SignupIn(name="Maya Demo", email=settings.demo_creator_email,
                                              password=settings.demo_password))
        except AppError:  # already there
            return 0
        user.email_verified_at = utcnow()
        auth = portal.CreatorAuth(user.id, user.email, user.name, "", True)
        portal.update_profile(db, auth, ProfileIn(
            name="Maya Demo", handles=["instagram:maya.demo.makes"], niches=["food", "home"], country="GB",
            languages=["en"], rates=[RateIn(format="reel", amount=Decimal("250")),
                                     RateIn(format="post", amount=Decimal("120"))],
            address=Address(recipient="Maya Demo", line1="1 Example Street", city="Sampleton", postcode="ZZ99 9ZZ",
                            country="GB"),
            payout="GB00 DEMO 0000 0000 0000 00"))
        return 1
