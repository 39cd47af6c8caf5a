#!/bin/sh
set -e
python3 seed.py "$@"
exec python -m chat_service
