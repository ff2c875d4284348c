"""The health endpoint that the container health checks request."""

from fastapi import APIRouter

router = APIRouter()


@router.get("/health")
def health() -> dict[str, str]:
    """Report that the process is up and serving requests."""
    return {"status": "ok"}
