from my_agent import build

AGENT = build()
