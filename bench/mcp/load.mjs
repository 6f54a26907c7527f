// Closed-loop MCP load: CLIENTS sessions over streamable HTTP each call TOOL back to back for
// SECONDS (and at most MAX_CALLS calls in all), after a warm-up. Prints one JSON line with
// p50/p95/p99 latency in ms and calls per second.
//   node load.mjs <mcp-url> <tool> '<json-args>' [clients=50] [seconds=20]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, tool, argsJson, clientsArg, secondsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg ?? 50);
const SECONDS = Number(secondsArg ?? 20);
const MAX_CALLS = 200_000;
const args = JSON.parse(argsJson ?? "{}");

const clients = [];
for (let i = 0; i < CLIENTS; i++) {
  const client = new Client({ name: `bench-${i}`, version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
}

async function loop(client, until, latencies, errors) {
  while (Date.now() < until && latencies.length < MAX_CALLS) {
    const start = process.hrtime.bigint();
    const result = await client.callTool({ name: tool, arguments: args });
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.isError) errors.count++;
  }
}

// Warm-up: JIT, connection pools, caches.
await Promise.all(clients.map((c) => loop(c, Date.now() + 3000, [], { count: 0 })));

const latencies = [];
const errors = { count: 0 };
const started = Date.now();
await Promise.all(clients.map((c) => loop(c, started + SECONDS * 1000, latencies, errors)));
const elapsed = (Date.now() - started) / 1000;
await Promise.all(clients.map((c) => c.close()));

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(
  JSON.stringify({
    url,
    tool,
    clients: CLIENTS,
    calls: latencies.length,
    errors: errors.count,
    seconds: Number(elapsed.toFixed(1)),
    callsPerSecond: Math.round(latencies.length / elapsed),
    p50: Number(pct(50).toFixed(2)),
    p95: Number(pct(95).toFixed(2)),
    p99: Number(pct(99).toFixed(2)),
  }),
);
