"""The creator portal: creators' own accounts (a realm apart from workspace members), their profile and data."""
