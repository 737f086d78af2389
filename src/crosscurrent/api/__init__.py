"""The web API: FastAPI over the policy view, every consultation audited.

``create_app`` builds the application; ``crosscurrent serve`` runs it with
uvicorn. The design (sessions, CSRF, errors, audit) is in docs/api.md.
"""

from crosscurrent.api.app import create_app

__all__ = ["create_app"]
