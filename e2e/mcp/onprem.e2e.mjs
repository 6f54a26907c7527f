// MCP through an on-prem installation's front door: the official TypeScript SDK over streamable
// HTTP to https://<host>/mcp (nginx, TLS, then the api-gateway), authenticated with a tenant's API
// key. Env: DEVFLOW_MCP_URL, DEVFLOW_API_KEY, QUERY, EXPECT (text the search must return);
// NODE_EXTRA_CA_CERTS makes Node trust the installation's certificate. Never prints the key.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const text = (result) => (result.content ?? []).map((c) => c.text ?? "").join("\n");

const transport = new StreamableHTTPClientTransport(new URL(env("DEVFLOW_MCP_URL")), {
  requestInit: { headers: { Authorization: `Bearer ${env("DEVFLOW_API_KEY")}` } },
});
const client = new Client({ name: "devflow-e2e-onprem", version: "1.0.0" });
try {
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  if (!tools.includes("search_knowledge")) throw new Error(`no search_knowledge in ${tools}`);
  const found = await client.callTool({ name: "search_knowledge", arguments: { query: env("QUERY") } });
  if (found.isError || !text(found).includes(env("EXPECT"))) {
    throw new Error(`search_knowledge did not find '${env("EXPECT")}': ${text(found).slice(0, 500)}`);
  }
  console.log(`onprem mcp: ${tools.length} tools; search_knowledge found the intranet page`);
  await client.close();
} catch (e) {
  console.error(`onprem mcp failed: ${e.message}`);
  process.exit(1);
}
