"""ORM classes; importing this package registers every table for Alembic."""

from reachroom.models.authenticity import AccountAuthenticity, FollowerSampleUpload
from reachroom.models.base import Base, utcnow
from reachroom.models.brand import Brand
from reachroom.models.campaign import (
    Agreement,
    Campaign,
    CampaignBrief,
    CampaignCreator,
    CampaignEvent,
    Opportunity,
    Payment,
    Submission,
    SubmissionMedia,
)
from reachroom.models.content import AccountContent, PostContent
from reachroom.models.creator import (
    FORMATS,
    PLATFORMS,
    SOURCES,
    AccountSnapshot,
    AccountStats,
    AudienceProfile,
    CommentSample,
    Creator,
    DemoTruth,
    FollowerSample,
    Post,
    PostSnapshot,
    SocialAccount,
)
from reachroom.models.discovery import BrandFit, CreatorList, CreatorListItem, SavedSearch
from reachroom.models.gifting import Product, Shipment
from reachroom.models.job import JobProgress
from reachroom.models.measurement import (
    CampaignDailyDelta,
    CampaignPost,
    CampaignRollup,
    DeliverableForecast,
    EmvTable,
    PostMetricSnapshot,
    ReportShare,
)
from reachroom.models.outreach import DoNotContact, EmailTemplate, MailSender, OutboundEmail
from reachroom.models.planning import CurrencyTable, SavedPlan
from reachroom.models.portal import (
    AccountClaim,
    Bid,
    BidMessage,
    CreatorApiToken,
    CreatorEmailLink,
    CreatorNotification,
    CreatorSession,
    CreatorUser,
)
from reachroom.models.sales import CreatorTracking, SalesOrder, ShopWebhook, ShopWebhookDelivery
from reachroom.models.workspace import (
    ROLES,
    ApiToken,
    Invitation,
    LoginAttempt,
    Membership,
    User,
    WebSession,
    Workspace,
)

__all__ = [
    "AccountAuthenticity", "AccountContent", "Campaign", "CampaignBrief", "CampaignCreator", "CampaignEvent",
    "Submission", "SubmissionMedia", "Opportunity", "Agreement", "Payment", "Product", "Shipment",
    "BrandFit", "CampaignPost", "EmvTable", "PostMetricSnapshot", "CreatorList", "CreatorListItem",
    "FollowerSampleUpload", "ReportShare", "CampaignRollup", "CampaignDailyDelta",
    "DeliverableForecast", "CreatorTracking", "SalesOrder", "ShopWebhook", "ShopWebhookDelivery",
    "JobProgress", "PostContent", "SavedSearch", "DoNotContact", "EmailTemplate", "MailSender", "OutboundEmail",
    "CreatorUser", "CreatorSession", "CreatorApiToken", "CreatorEmailLink", "AccountClaim", "Bid", "BidMessage",
    "CreatorNotification", "SavedPlan", "CurrencyTable",
    "FORMATS", "PLATFORMS", "ROLES", "SOURCES", "AccountSnapshot", "AccountStats", "ApiToken",
    "AudienceProfile", "Base", "Brand", "CommentSample", "Creator", "DemoTruth", "FollowerSample",
    "Invitation", "LoginAttempt", "Membership", "Post", "PostSnapshot", "SocialAccount", "User", "WebSession",
    "Workspace", "utcnow",
]
