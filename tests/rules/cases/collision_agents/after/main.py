from ai_agents.my_agent import build

AGENT = build()
