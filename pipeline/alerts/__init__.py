"""Alerts: telling analysts, by e-mail and webhook, what they subscribed to (the outbox's sender)."""
