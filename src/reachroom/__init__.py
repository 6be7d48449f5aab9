"""Reachroom: find, vet, plan, run and measure micro-influencer campaigns."""

__version__ = "0.1.0"
