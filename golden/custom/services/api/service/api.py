"""The custom_api API, served by uvicorn as service.api:application."""

from fastapi import FastAPI

from service.routers import health

application = FastAPI(title="custom_api")
application.include_router(health.router)
