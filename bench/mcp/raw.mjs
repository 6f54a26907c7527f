// Closed-loop MCP load without an SDK: plain keep-alive HTTP POSTs of JSON-RPC tools/call on one
// session per client, so the figures show the server, not the client's own JSON-schema checks.
//   node raw.mjs <mcp-url> <tool> '<json-args>' [clients=50] [seconds=20]
import http from "node:http";

const [url, tool, argsJson, clientsArg, secondsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg ?? 50);
const SECONDS = Number(secondsArg ?? 20);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(body, session) {
  return new Promise((resolve, reject) => {
    const headers = {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      "MCP-Protocol-Version": "2025-11-25",
    };
    if (session) headers["Mcp-Session-Id"] = session;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (data += chunk));
        res.on("end", () => resolve({ status: res.statusCode, session: res.headers["mcp-session-id"], data }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function session() {
  const init = await post({
    jsonrpc: "2.0", id: 0, method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw-bench", version: "1" } },
  });
  await post({ jsonrpc: "2.0", method: "notifications/initialized" }, init.session);
  return init.session;
}

const args = JSON.parse(argsJson ?? "{}");
let id = 1;
async function loop(sessionId, until, latencies, errors) {
  while (Date.now() < until && latencies.length < 200_000) {
    const start = process.hrtime.bigint();
    const r = await post({ jsonrpc: "2.0", id: id++, method: "tools/call", params: { name: tool, arguments: args } }, sessionId);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 200 || r.data.includes('"isError":true') || !r.data.includes('"result"')) errors.count++;
  }
}

const sessions = [];
for (let i = 0; i < CLIENTS; i++) sessions.push(await session());
await Promise.all(sessions.map((s) => loop(s, Date.now() + 3000, [], { count: 0 })));
const latencies = [];
const errors = { count: 0 };
const started = Date.now();
await Promise.all(sessions.map((s) => loop(s, started + SECONDS * 1000, latencies, errors)));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(JSON.stringify({
  url, tool, client: "raw", clients: CLIENTS, calls: latencies.length, errors: errors.count,
  seconds: Number(elapsed.toFixed(1)), callsPerSecond: Math.round(latencies.length / elapsed),
  p50: Number(pct(50).toFixed(2)), p95: Number(pct(95).toFixed(2)), p99: Number(pct(99).toFixed(2)),
}));
