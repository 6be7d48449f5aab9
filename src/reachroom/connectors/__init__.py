"""Platform connectors: read what a platform's API answered about a post into Reachroom's counts, one adapter per
platform behind one interface (`read_post_insights`). Pure functions over the decoded JSON: no network here (the
caller fetches, or forwards what it fetched), no database; tested on recorded, real-shaped responses."""

from reachroom.connectors.base import PostInsights, read_post_insights

__all__ = ["PostInsights", "read_post_insights"]
