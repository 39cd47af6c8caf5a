"""Offline stand-in for the OpenAI Agents SDK (`pip install openai-agents`): only what this example uses."""
from dataclasses import dataclass, field


def function_tool(func):
    func.is_tool = True
    return func


@dataclass
class Agent:
    name: str
    instructions: str = ""
    tools: list = field(default_factory=list)


class Runner:
    @staticmethod
    def run_sync(agent, text, context=None):
        """Call the first tool whose name appears in the text (no model offline)."""
        for tool in agent.tools:
            if tool.__name__.split("_")[0] in text.lower():
                return tool(context, text)
        return "no tool matched"
