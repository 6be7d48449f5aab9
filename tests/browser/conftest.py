"""Browser fixtures: a seeded database, the real app on a free port, and Chromium pages via Playwright.

The tests drive Debian's Chromium (REACHROOM_CHROMIUM_PATH, default /usr/bin/chromium) and skip with a
plain message when it is not installed. On failure a screenshot lands in tests/browser/artifacts/.
"""

import math
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from reachroom.db import make_engine, unit_of_work
from reachroom.metrics import tier_of
from reachroom.metrics.tiers import band_of
from reachroom.models import (
    AccountSnapshot,
    AccountStats,
    AudienceProfile,
    Base,
    Brand,
    Creator,
    Membership,
    Post,
    PostSnapshot,
    SocialAccount,
    utcnow,
)
from reachroom.workspaces import service as ws_service
from tests.live import serve

CHROMIUM = os.environ.get("REACHROOM_CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "browser-test-password"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can (in CI a missing browser is a failure)."""
    reason = _missing_reason()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}")
    return reason


def _missing_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}; install Debian's chromium to run browser tests"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed; install the dev extras to run browser tests"
    return None


# ---------------------------------------------------------------- data


@dataclass
class Seeded:
    """What the seed created: logins and ids the tests navigate to."""

    owner_email: str
    viewer_email: str
    empty_email: str
    workspace_name: str
    brand_id: int
    maya_creator_id: int
    maya_instagram_id: int
    maya_tiktok_id: int
    bare_creator_id: int
    handles: dict[str, str] = field(default_factory=dict)  # handle -> platform


# handle, name, platform, followers, country, er, percentile, growth_90d (percent), posts/week
CREATORS = [
    ("mayamakes", "Maya Patel", "instagram", 48_200, "GB", 0.0412, 88.0, 6.4, 3.4),
    ("slowkitchenuk", "Tom Barker", "instagram", 12_900, "GB", 0.0287, 61.0, 2.1, 2.1),
    ("glowwithnia", "Nia Okafor", "tiktok", 86_400, "GB", 0.118, 72.0, 15.3, 5.6),
    ("trailrunjess", "Jess Moreau", "youtube", 23_100, "FR", 0.0365, 55.0, -1.2, 1.2),
    ("pawsandplants", "Lena Fischer", "instagram", 3_450, "DE", 0.0611, 47.0, 0.8, 2.8),
    ("quietgamerben", "Ben Clarke", "tiktok", 214_000, "US", 0.0843, 39.0, 4.1, 4.9),
    ("homebyhana", "Hana Ito", "instagram", 960, "GB", 0.097, 66.0, 0.0, 1.5),
]
CAPTIONS = [
    "Sunday reset: candles on, phone off, a pot of chamomile and the new autumn blend.",
    "Three ways I style one oversized knit this week — which is your favourite?",
    "Honest review after 30 days. Not everything worked for my skin, here's what did.",
    "Tiny kitchen, big flavours: 15-minute miso noodles for busy weeknights.",
    "Behind the scenes of today's shoot. So much natural light in this little flat!",
    "Q&A: how I plan a week of content without burning out.",
]
TAGS = [["sundayreset", "selfcare"], ["ootd", "knitwear"], ["skincare", "honestreview"], ["recipe", "quickmeals"],
        ["bts", "creatorlife"], ["contentcreator", "qanda"]]


def _add_account(db, creator: Creator, handle: str, platform: str, followers: int, er: float, pct: float,
                 growth: float, ppw: float, now, seed: int) -> SocialAccount:
    acc = SocialAccount(
        creator_id=creator.id, workspace_id=None, scope_key=0, platform=platform, handle=handle,
        display_name=creator.name, bio=f"{creator.name} · slow living, honest reviews and everyday rituals.",
        is_verified=followers > 50_000, followers=followers, following=420 + seed * 17,
        posts_count=180 + seed * 9, source="demo", collected_at=now,
    )
    db.add(acc)
    db.flush()
    weeks = 26
    start = followers / (1 + growth / 50)  # about twice the 90-day growth over the half year shown
    for w in range(weeks, -1, -1):
        frac = (weeks - w) / weeks
        wobble = 1 + 0.006 * math.sin(w * 1.3 + seed)
        db.add(AccountSnapshot(
            account_id=acc.id, followers=int((start + (followers - start) * frac) * wobble) if w else followers,
            following=acc.following, posts_count=acc.posts_count, source="demo",
            collected_at=now - timedelta(days=7 * w),
        ))
    fmt = {"instagram": "reel", "tiktok": "short", "youtube": "long_video"}[platform]
    for i in range(14):
        post = Post(
            account_id=acc.id, platform_post_id=f"{handle}-{i}", posted_at=now - timedelta(days=2 * i + 1, hours=seed),
            format=fmt if i % 3 else ("carousel" if platform == "instagram" else fmt),
            caption=CAPTIONS[(i + seed) % len(CAPTIONS)], hashtags=TAGS[(i + seed) % len(TAGS)], mentions=[],
            is_paid_partnership=(i % 5 == 2), source="demo", collected_at=now,
        )
        db.add(post)
        db.flush()
        base = followers * er * (0.7 + 0.6 * ((i * 7 + seed) % 10) / 10)
        likes = int(base * 0.9)
        db.add(PostSnapshot(
            post_id=post.id, likes=likes, comments=max(1, likes // 25),
            shares=likes // 40 if platform != "instagram" else None,
            saves=likes // 30 if platform == "instagram" else None,
            views=int(followers * (1.8 + (i % 4) * 0.3)) if platform != "instagram" or i % 3 else None,
            source="demo", collected_at=now,
        ))
    db.add(AudienceProfile(
        account_id=acc.id,
        age_bands={"13-17": 0.04, "18-24": 0.31, "25-34": 0.38, "35-44": 0.17, "45-54": 0.07, "55+": 0.03},
        genders={"female": 0.71, "male": 0.26, "other": 0.03},
        countries={creator.country or "GB": 0.58, "US": 0.14, "IE": 0.07, "AU": 0.05, "CA": 0.04, "DE": 0.03},
        languages={"en": 0.91, "fr": 0.04}, sample_size=1000, source="demo", collected_at=now - timedelta(days=3),
    ))
    tier = tier_of(followers)
    db.add(AccountStats(
        account_id=acc.id, metric_version="test", tier=tier, band=band_of(followers), engagement_rate=er,
        er_denominator="followers" if platform == "instagram" else "views", er_posts_used=12, er_percentile=pct,
        posts_per_week=ppw, growth_30d_pct=growth / 3, growth_90d_pct=growth, est_reach=followers * 0.13,
        reach_method="benchmark", er_peers=412, details={}, computed_at=now,
    ))
    return acc


def seed(engine) -> Seeded:
    """A workspace with an owner and a viewer, a second empty workspace, creators and one brand."""
    now = utcnow().replace(microsecond=0)
    with unit_of_work(engine) as db:
        owner = ws_service.create_user(db, "owner@example.com", PASSWORD, "Olivia Owner")
        ws = ws_service.create_workspace(db, "Hearth & Leaf Agency", owner)
        viewer = ws_service.create_user(db, "viewer@example.com", PASSWORD, "Victor Viewer")
        db.add(Membership(workspace_id=ws.id, user_id=viewer.id, role="viewer"))
        empty = ws_service.create_user(db, "empty@example.com", PASSWORD, "Eve Empty")
        ws_service.create_workspace(db, "Fresh Start Ltd", empty)
        brand = Brand(
            workspace_id=ws.id, name="Lumen Botanicals", description="Plant-based skincare for sensitive skin.",
            voice="Calm, warm and evidence-led.", values=["cruelty-free", "refillable"], banned_words=["miracle"],
            niches=["beauty", "wellness"], website="https://lumen.example",
            target_audience={"age_bands": {"25-34": 0.5, "35-44": 0.3}, "genders": {"female": 0.8},
                             "countries": {"GB": 0.6, "IE": 0.1}, "languages": {"en": 0.95}},
        )
        db.add(brand)
        db.flush()
        handles: dict[str, str] = {}
        maya = None
        for seed_no, (handle, name, platform, followers, country, er, pct, growth, ppw) in enumerate(CREATORS):
            creator = Creator(workspace_id=None, name=name, country=country, language="en",
                              city="Manchester" if country == "GB" else None)
            db.add(creator)
            db.flush()
            acc = _add_account(db, creator, handle, platform, followers, er, pct, growth, ppw, now, seed_no)
            handles[handle] = platform
            if maya is None:
                maya = (creator, acc)
        creator, ig = maya
        tt = _add_account(db, creator, "maya.makes", "tiktok", 131_000, 0.094, 64.0, 11.2, 6.1, now, 11)
        handles["maya.makes"] = "tiktok"
        # Just imported: an account with no history, posts, audience or derived stats yet.
        bare = Creator(workspace_id=None, name="Sam Newcomb", country="IE", language="en")
        db.add(bare)
        db.flush()
        db.add(SocialAccount(
            creator_id=bare.id, workspace_id=None, scope_key=0, platform="youtube", handle="samnewcomb",
            display_name="Sam Newcomb", followers=5_200, source="csv_import", collected_at=now,
        ))
        handles["samnewcomb"] = "youtube"
        return Seeded(
            owner_email=owner.email, viewer_email=viewer.email, empty_email=empty.email,
            workspace_name=ws.name, brand_id=brand.id, maya_creator_id=creator.id, maya_instagram_id=ig.id,
            maya_tiktok_id=tt.id, bare_creator_id=bare.id, handles=handles,
        )


# ---------------------------------------------------------------- server


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def browser_engine(tmp_path_factory):
    """A fresh database with every table (SQLite file; PostgreSQL when the suite is pointed at one)."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from tests.dbutil import drop_database, fresh_database_url

    url = fresh_database_url(tmp_path_factory.mktemp("browser-db"), f"browser_{_worker()}")
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()
    drop_database(url)


@pytest.fixture(scope="session")
def seeded(browser_engine) -> Seeded:
    return seed(browser_engine)


@pytest.fixture(scope="session")
def base_url(browser_engine, seeded) -> str:
    """The real app served on a free local port in a background thread."""
    from reachroom.app import create_app

    with serve(create_app(browser_engine)) as url:
        yield url


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the item so fixtures can screenshot failures."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])[:120]


class Pages:
    """Opens browser contexts for the tests and screenshots them if the test fails."""

    def __init__(self, browser, base_url: str, request):
        self.browser = browser
        self.base_url = base_url
        self.request = request
        self.pages = []
        self.contexts = []
        self.errors: list[str] = []

    def new(self, width: int = 1280, height: int = 860, **kw):
        context = self.browser.new_context(base_url=self.base_url, viewport={"width": width, "height": height}, **kw)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def login(self, email: str, password: str = PASSWORD, **kw):
        page = self.new(**kw)
        login_as(page, email, password)
        return page

    def close(self):
        failed = getattr(self.request.node, "rep_call", None)
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for i, page in enumerate(self.pages):
                try:
                    path = ARTIFACTS / f"{_safe_name(self.request.node.nodeid)}-{i}.png"
                    page.screenshot(path=str(path), full_page=True)
                except Exception:  # the page may already be gone; the test failure is what matters
                    pass
        for context in self.contexts:
            context.close()


def login_as(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait for the creators list."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(re.compile(r"/creators"))


@pytest.fixture
def pages(chromium, base_url, request):
    """Factory for pages; screenshots every page of a failed test into tests/browser/artifacts/."""
    p = Pages(chromium, base_url, request)
    yield p
    p.close()


@pytest.fixture
def page(pages, seeded):
    """A desktop page logged in as the workspace owner."""
    return pages.login(seeded.owner_email)


@pytest.fixture
def viewer_page(pages, seeded):
    """A desktop page logged in as a viewer of the same workspace."""
    return pages.login(seeded.viewer_email)
