"""Sharing between agencies: users, callers, audit, hit/no-hit, exchange."""
