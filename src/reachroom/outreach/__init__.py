"""Outreach: email templates, sending to campaign creators through the outbox, do-not-contact, unsubscribe."""
