"""Discovery: search index, query model, brand-fit score, lookalikes, lists and saved searches."""
