"""The default API, served by uvicorn as app.main:app."""

from fastapi import FastAPI

from app.routers import health

app = FastAPI(title="default")
app.include_router(health.router)
