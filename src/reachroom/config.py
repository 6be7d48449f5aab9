"""Settings: one class, read from REACHROOM_* environment variables."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the app; see README "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="REACHROOM_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/reachroom.db"
    secret_key: str = Field(default="", description="Encrypts personal data (core/crypto.py); generated once into "
                            "<data_dir>/secret.key if empty")
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("var")
    shared_data_dir: Path = Path("../shared/data")
    session_days: int = 14
    secure_cookies: bool = False
    login_max_failures: int = 5
    login_window_seconds: int = 900
    invitation_days: int = 7
    max_body_bytes: int = 5_000_000
    gift_post_days: int = Field(default=14, ge=1, description="A gift delivered this many days ago with no post "
                                "yet is listed as late")
    demo_email: str = "demo@reachroom.local"
    demo_password: str = "reachroom-demo"
    bids_per_day: int = Field(default=20, description="Bids a creator may place in 24 hours (stops bid spam)")
    demo_creator_email: str = Field(default="creator@reachroom.local", description="The demo's creator-portal login "
                                    "(same password as the brand demo login)")
    demo_creator2_email: str = Field(default="creator2@reachroom.local", description="The demo's second "
                                     "creator-portal login (same password)")
    chromium_path: str = "/usr/bin/chromium"
    workspace: str = Field(default="", description="Default workspace slug for CLI commands without --workspace")
    search_threads: str = Field(default="auto", description='Threads per search: a number, or "auto" (a second '
                                "thread only while the machine has an idle core)")
    discovery_check_seconds: float = Field(default=10.0, description="Seconds between the discovery index's "
                                           "freshness checks against the database")
    max_upload_bytes: int = Field(default=100_000_000, description="Largest file a draft may carry (images and "
                                  "videos); larger uploads get 413 and nothing is kept")
    storage_backend: Literal["local"] = Field(default="local", description="Where uploads live: local disk under "
                                              "the data dir (an S3-compatible store can implement core.storage)")
    public_url: str = Field(default="", description="The address people reach the app at, for links in emails "
                            "(unsubscribe, briefs); default http://<host>:<port>")
    jobs_url: str = Field(default="", description='Where background jobs queue: empty for a SQLite file in the data '
                          'dir (no server), or "redis://host:6379/0" for Redis in production')
    smtp_host: str = Field(default="", description="Mail server for outreach; empty keeps every email in the "
                           "app's outbox (nothing leaves the machine)")
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_timeout_seconds: float = 30.0
    mail_from: str = Field(default="outreach@reachroom.local", description="Sender address when a workspace has "
                           "not set its own")
    mail_lease_seconds: int = Field(default=300, description="How long a worker may hold an email it is sending "
                                    "before another worker takes it over (a worker that died mid-send)")
    mail_max_attempts: int = Field(default=6, description="Delivery attempts before an email is marked failed")
    mail_retry_seconds: int = Field(default=60, description="Wait before the first retry; doubles each attempt, "
                                    "at most an hour")
    fake_accounts_dir: Path | None = Field(default=None, description="Labelled fake-account CSVs for training the "
                                           "authenticity model; default ../shared/data/fake-accounts")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache)."""
    return Settings()
