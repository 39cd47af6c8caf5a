"""Helpers we already had."""
from .text import shout
