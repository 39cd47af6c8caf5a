"""Offline stand-in for the OpenAI Agents SDK (``pip install openai-agents``); see ../README.md.

Implements only what this example uses: ``Agent``, ``Runner`` (``run`` /
``run_sync``), ``RunResult`` and ``function_tool``. Instead of asking a model,
``Runner`` hands off to the handoff whose ``handoff_description`` shares the
most words with the input, then calls the tool whose description does, passing
the input text as the tool's first argument.
"""
import asyncio
import inspect
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

__all__ = ["Agent", "FunctionTool", "RunResult", "Runner", "function_tool"]

NO_MODEL_REPLY = "(offline stand-in: no model is available to answer this)"
_IGNORED = {"about", "from", "have", "question", "that", "this", "what", "when", "where", "with", "your"}


def _words(text):
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9-]+", (text or "").lower()) if len(w) > 3} - _IGNORED


@dataclass
class FunctionTool:
    name: str
    description: str
    params_json_schema: dict
    on_invoke_tool: Callable[[Any, str], Any]


def function_tool(func=None, *, name_override=None, description_override=None):
    """Wrap a plain function as a tool (usable as ``@function_tool`` or ``function_tool(f)``)."""

    def wrap(f):
        params = list(inspect.signature(f).parameters)
        schema = {"type": "object", "properties": {p: {"type": "string"} for p in params}, "required": params}

        async def on_invoke_tool(ctx, input_json):
            return f(**json.loads(input_json))

        return FunctionTool(name_override or f.__name__, description_override or inspect.getdoc(f) or "",
                            schema, on_invoke_tool)

    return wrap(func) if func is not None else wrap


@dataclass
class Agent:
    name: str
    instructions: str | None = None
    handoff_description: str | None = None
    handoffs: list["Agent"] = field(default_factory=list)
    tools: list[FunctionTool] = field(default_factory=list)
    model: str | None = None

    def clone(self, **changes):
        return replace(self, **changes)


@dataclass
class RunResult:
    input: str
    final_output: Any
    last_agent: Agent
    new_items: list[dict] = field(default_factory=list)


def _best(candidates, describe, text):
    words = _words(text)
    scored = [(len(words & _words(describe(c))), i, c) for i, c in enumerate(candidates)]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: (s[0], -s[1]))[2] if scored else None


class Runner:
    @classmethod
    async def run(cls, starting_agent, input, *, context=None, max_turns=10):
        agent, items = starting_agent, []
        for _turn in range(max_turns):
            target = _best(agent.handoffs, lambda a: a.handoff_description or a.name, input)
            if target is None:
                break
            items.append({"type": "handoff", "from": agent.name, "to": target.name})
            agent = target
        tool = _best(agent.tools, lambda t: f"{t.name.replace('_', ' ')} {t.description}", input)
        if tool is None:
            return RunResult(input, NO_MODEL_REPLY, agent, items)
        first_param = next(iter(tool.params_json_schema["properties"]), "input")
        output = await tool.on_invoke_tool(context, json.dumps({first_param: input}))
        items.append({"type": "tool_call", "agent": agent.name, "tool": tool.name, "output": output})
        return RunResult(input, output, agent, items)

    @classmethod
    def run_sync(cls, starting_agent, input, **kwargs):
        return asyncio.run(cls.run(starting_agent, input, **kwargs))
