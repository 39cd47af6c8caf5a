from fastapi import FastAPI

from chatkit_server import IncidentServer

app = FastAPI()
server = IncidentServer()


def main() -> None:
    import uvicorn

    uvicorn.run("main:app")
