"""Offline stand-in for openai-chatkit (`pip install openai-chatkit`): only what this example uses."""
