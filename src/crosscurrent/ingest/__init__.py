"""Readers for each source format, value cleaning, quarantine and loading."""
