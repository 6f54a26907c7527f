// MCP end to end with the official TypeScript SDK against the stack `devflow up` started:
// streamable HTTP (the mcp-gateway and the api-gateway's /mcp), legacy SSE, and stdio through
// `devflow mcp`. Searches content really ingested by the knowledge-hub, creates and completes a
// task in a real workflow run. Prints "mcp e2e: N checks passed" or exits non-zero with the reason.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import assert from "node:assert/strict";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const GATEWAY = env("DEVFLOW_URL"); // api-gateway, local mode
const MCP_URL = env("DEVFLOW_MCP_URL"); // mcp-gateway
const REPO_PATH = env("REPO_PATH");
const JAVA = env("JAVA");
const CLI_JAR = env("CLI_JAR");
const WORD = "marsupial-deploy-ritual";

let checks = 0;
const check = (condition, message) => {
  assert.ok(condition, message);
  checks++;
};
const text = (result) => (result.content ?? []).map((c) => c.text ?? "").join("\n");

async function api(path, init = {}) {
  const response = await fetch(GATEWAY + path, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status} ${body}`);
  return body ? JSON.parse(body) : null;
}

async function ingest() {
  const form = new FormData();
  form.append("name", "MCP e2e runbooks");
  const doc = `# Release guide\n\n## Deploying\n\nEvery release follows the ${WORD}: tag, build, canary, promote.\n`;
  form.append("files", new Blob([doc], { type: "text/markdown" }), "release.md");
  const created = await api("/api/v1/sources/uploads", { method: "POST", body: form });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const source = await api(`/api/v1/sources/${created.sourceId}`);
    if (source.latestJob?.status === "done") return created.sourceId;
    if (source.latestJob?.status === "failed") throw new Error("ingestion failed");
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("ingestion did not finish in 60 s");
}

async function aRun() {
  const yaml = `name: mcp-e2e-${Date.now()}\nphases:\n  - name: plan\n    instructions: Plan the release.\n    done_criteria: [PLAN.md exists]\n  - name: ship\n    instructions: Ship it.\n`;
  const workflow = await api("/api/v1/workflows", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ format: "yaml", source: yaml }),
  });
  const run = await api("/api/v1/runs", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ workflowId: workflow.id, repoPath: REPO_PATH, baseBranch: "main" }),
  });
  return run.id;
}

async function exercise(name, transport, runId, full) {
  const client = new Client({ name: `devflow-e2e-${name}`, version: "1.0.0" });
  await client.connect(transport);
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    check(tools.length === 16 && tools.includes("search_knowledge"), `${name}: 16 tools, got ${tools}`);

    const found = await client.callTool({ name: "search_knowledge", arguments: { query: WORD } });
    check(!found.isError && text(found).includes(`follows the ${WORD}`), `${name}: search found ${text(found)}`);
    if (!full) return;

    const phase = await client.callTool({ name: "get_current_phase", arguments: { runId } });
    check(text(phase).includes("Plan the release."), `${name}: phase ${text(phase)}`);
    const created = await client.callTool({
      name: "create_task",
      arguments: { runId, phase: "plan", title: `Plan via ${name}`, priority: 10 },
    });
    const taskId = Number(/Created task (\d+)/.exec(text(created))?.[1]);
    check(taskId > 0, `${name}: created ${text(created)}`);
    const claimed = await client.callTool({ name: "claim_next_task", arguments: { runId } });
    check(text(claimed).startsWith(`Claimed task ${taskId} `), `${name}: claimed ${text(claimed)}`);
    await client.callTool({ name: "update_task_status", arguments: { taskId, status: "running" } });
    const progress = await client.callTool({ name: "report_progress", arguments: { taskId, message: "half way", percent: 50 } });
    check(!progress.isError, `${name}: progress ${text(progress)}`);
    const done = await client.callTool({
      name: "report_task_complete",
      arguments: { taskId, resultSummary: `planned over ${name}` },
    });
    check(!done.isError && text(done).includes("(plan, done)"), `${name}: complete ${text(done)}`);
    const resource = await client.readResource({ uri: `devflow://tasks/${taskId}` });
    check(resource.contents[0].text.includes(`planned over ${name}`), `${name}: resource`);

    const missing = await client.callTool({ name: "get_task", arguments: { taskId: 987654 } });
    check(missing.isError && text(missing).includes("Not found"), `${name}: missing task ${text(missing)}`);
    const invalid = await client.callTool({ name: "search_knowledge", arguments: { query: "x", limit: 500 } });
    check(invalid.isError && text(invalid).includes("limit"), `${name}: invalid ${text(invalid)}`);
  } finally {
    await client.close();
  }
}

const started = Date.now();
await ingest();
await exercise("streamable-http", new StreamableHTTPClientTransport(new URL(MCP_URL)), await aRun(), true);
await exercise("gateway-http", new StreamableHTTPClientTransport(new URL(`${GATEWAY}/mcp`)), 0, false);
await exercise("legacy-sse", new SSEClientTransport(new URL(`${MCP_URL}/sse`)), 0, false);
await exercise(
  "stdio",
  new StdioClientTransport({
    command: JAVA,
    args: ["-jar", CLI_JAR, "mcp", "--url", MCP_URL],
    env: { ...process.env },
    stderr: "inherit",
  }),
  await aRun(),
  true,
);
console.log(`mcp e2e: ${checks} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
