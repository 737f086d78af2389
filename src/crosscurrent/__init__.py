"""Crosscurrent: shared intelligence against people-smuggling networks."""

__version__ = "0.1.0"
