"""Planning: fee estimates, forecasts and the best creator mix for a budget (issue #16)."""
