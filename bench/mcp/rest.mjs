// Closed-loop HTTP GET load with the same shape as load.mjs, for the upstream alone.
//   node rest.mjs <url> [clients=50] [seconds=20]
import http from "node:http";

const [url, clientsArg, secondsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg ?? 50);
const SECONDS = Number(secondsArg ?? 20);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

const get = () =>
  new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      })
      .on("error", reject);
  });

async function loop(until, latencies, errors) {
  while (Date.now() < until && latencies.length < 200_000) {
    const start = process.hrtime.bigint();
    const status = await get();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (status !== 200) errors.count++;
  }
}

await Promise.all(Array.from({ length: CLIENTS }, () => loop(Date.now() + 3000, [], { count: 0 })));
const latencies = [];
const errors = { count: 0 };
const started = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, () => loop(started + SECONDS * 1000, latencies, errors)));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(
  JSON.stringify({
    url,
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
