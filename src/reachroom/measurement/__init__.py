"""Measurement: the posts a campaign delivered, their metric snapshots over time, and the report built from them."""
