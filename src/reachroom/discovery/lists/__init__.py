"""Lists: shortlists and exclusion lists with notes and tags, saved searches, compare and CSV export."""
