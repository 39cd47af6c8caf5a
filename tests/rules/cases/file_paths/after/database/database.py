import os
from pathlib import Path

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "app.db")
ENV = Path(__file__).parent.parent / ".env"
SCHEMA = Path(__file__).resolve().parent.parent / "schema.sql"
ROOT = Path(__file__).parents[1]
SIBLING = (Path(__file__).parent.parent / "seed.json")
NAME = os.path.basename(__file__)
STEM = Path(__file__).stem
SOURCE = open(__file__).read
FILE = Path(__file__)
