"""Accounts with chosen captions and bio, for the content tests (committed rows)."""

from datetime import timedelta

from reachroom.db import unit_of_work
from reachroom.models import Creator, Post, SocialAccount, utcnow

# Newest first: post 0 is the newest.
CAPTIONS = [
    "Loving my new running shoes from @stridewell! Use my code SAM10 for 10% off #running #marathontraining",
    "#ad My protein breakfast with @oatco, thanks to them for this partnership #fitness",
    "Leg day done, squats and deadlifts at the gym this morning #legday #gymlife",
    "Holy shit, new 5k personal best on my morning run today #running",
    "Interval training on the track, 8 x 400m repeats #runner #fitness",
    "Stretching and foam rolling after my long run #recovery #running",
    "Gifted by @trailhound: their new trail running vest, honest review soon",
    "Long run Sunday: 21k along the river #halfmarathon #running",
]
BIO = "Marathon runner and strength coach. Training tips every week #running #fitness"


def account_with_posts(engine, workspace_id=None, handle="runner", captions=CAPTIONS, bio=BIO,
                       paid=(), platform="instagram") -> tuple[int, int, list[int]]:
    """(creator_id, account_id, post ids newest first)."""
    now = utcnow()
    with unit_of_work(engine) as db:
        creator = Creator(workspace_id=workspace_id, name=f"Runner {handle}", country="GB", language="en")
        db.add(creator)
        db.flush()
        acc = SocialAccount(creator_id=creator.id, workspace_id=workspace_id, scope_key=workspace_id or 0,
                            platform=platform, handle=handle, display_name=handle, bio=bio, followers=20000,
                            following=300, posts_count=len(captions), source="manual", collected_at=now)
        db.add(acc)
        db.flush()
        ids = []
        for i, caption in enumerate(captions):
            post = Post(account_id=acc.id, platform_post_id=f"{handle}_{i}", posted_at=now - timedelta(days=i + 1),
                        format="image", caption=caption, hashtags=[], mentions=[], is_paid_partnership=i in paid,
                        source="manual")
            db.add(post)
            db.flush()
            ids.append(post.id)
        return creator.id, acc.id, ids
