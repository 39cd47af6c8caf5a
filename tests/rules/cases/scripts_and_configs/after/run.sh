#!/bin/sh
set -e
python3 -m scripts.seed "$@"
exec python -m services.chat_service
