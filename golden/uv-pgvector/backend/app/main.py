"""The uv-pgvector API, served by uvicorn as app.main:app."""

from fastapi import FastAPI

from app.routers import health

app = FastAPI(title="uv-pgvector")
app.include_router(health.router)
