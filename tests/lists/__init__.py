"""Tests for lists, saved searches, compare and CSV export."""
