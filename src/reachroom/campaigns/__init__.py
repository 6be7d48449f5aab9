"""Campaigns: a brand's campaign, its brief target, and the pipeline of creators it runs with."""
