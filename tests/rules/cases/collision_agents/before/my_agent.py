try:
    from agents import Agent
except ImportError:  # the SDK is optional in tests
    Agent = dict


def build():
    return Agent(name="helper")
