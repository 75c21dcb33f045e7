#!/usr/bin/env python3
"""Drives `lexecon mcp` with the real MCP Python client (the `mcp` package from PyPI).

Usage: mcp_shell_run_client.py CONFIG_JSON

CONFIG_JSON: {"binary": ..., "args": [...], "cwd": ..., "calls": [{"name": ..., "arguments": {...}}, ...],
              "concurrent": N (optional: that many extra `echo` calls sent at once)}

Connects with mcp.client.stdio.stdio_client + ClientSession, initialises, lists the tools and
makes the calls. Prints one JSON report on stdout; the Swift test (MCPClientTests) checks it.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main(config):
    params = StdioServerParameters(command=config["binary"], args=config["args"], cwd=config["cwd"])
    report = {"calls": {}}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            report["initialize"] = dump(init)
            tools = await session.list_tools()
            report["tools"] = [dump(tool) for tool in tools.tools]
            for call in config["calls"]:
                result = await session.call_tool(call.get("tool", "shell_run"), call["arguments"])
                report["calls"][call["name"]] = dump(result)
            count = config.get("concurrent", 0)
            if count:
                results = await asyncio.gather(*[
                    session.call_tool("shell_run", {"command": f"echo concurrent-{i}"}) for i in range(count)
                ])
                report["concurrent"] = [dump(result) for result in results]
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
