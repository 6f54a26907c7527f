#!/usr/bin/env python3
"""Knowledge hub benchmark driver (stdlib only). Started by run.sh; talks to a running
knowledge-hub over its REST API (local mode, loopback, no token) and prints figures."""
import argparse, json, os, shutil, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

def call(api, method, path, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(api + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
        return json.loads(raw) if raw else None

def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return 0
    return 0

CLK_TCK = os.sysconf("SC_CLK_TCK")

class CpuShare:
    """Where the machine's CPU went between construction and report(): the service's model threads
    (minilm-N), the rest of the service, other processes (PostgreSQL, the corpus server, this
    script), idle. Read from /proc at both ends; the process's own total includes threads that
    ended meanwhile (a crawl's fetch workers)."""
    def __init__(self, pid):
        self.pid = pid
        self.start = self.read()

    def read(self):
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:9]]
        model = 0
        for task in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{task}/comm") as f:
                    if f.read().startswith("minilm-"):
                        model += self.ticks(f"/proc/{self.pid}/task/{task}/stat")
            except OSError:
                pass  # ended meanwhile
        return sum(cpu), cpu[3] + cpu[4], self.ticks(f"/proc/{self.pid}/stat"), model

    @staticmethod
    def ticks(path):
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def report(self, chunks):
        total, idle, service, model = (b - a for a, b in zip(self.start, self.read()))
        pct = lambda x: 100 * x / max(total, 1)
        per_chunk = lambda ticks: 1000 * ticks / CLK_TCK / max(chunks, 1)
        self.model_share = model / max(total, 1)
        return (f"  CPU meanwhile: model threads {pct(model):.0f}% of the machine, rest of the service "
                f"{pct(service - model):.0f}%, other processes {pct(total - idle - service):.0f}%, idle "
                f"{pct(idle):.0f}%; CPU per chunk: model threads {per_chunk(model):.2f} ms, rest of the "
                f"service {per_chunk(service - model):.2f} ms, other processes "
                f"{per_chunk(total - idle - service):.2f} ms")

STEADY = []  # (time, chunks embedded) as the last wait_job saw them change
STEADY_END = [0.0]  # when it saw the job done

def steady_rate():
    """Chunks/s while the job went from 10% to 90% of its chunks: the pipeline's rate without the
    start (discovery, first pages) and the end (last batch, commit). Progress is written at most
    once a second and polled every 0.5 s; both ends of the span lag alike."""
    if len(STEADY) < 3:
        return float("nan")
    total = STEADY[-1][1]
    t1, v1 = next((t, v) for t, v in STEADY if v >= 0.1 * total)
    t2, v2 = next((t, v) for t, v in STEADY if v >= 0.9 * total)
    return (v2 - v1) / (t2 - t1) if t2 > t1 else float("nan")

def ramp():
    """Seconds from the job's start to its first chunks stored, and from its last to done."""
    first = next((t for t, v in STEADY if v > 0), STEADY[0][0])
    last = next(t for t, v in STEADY if v == STEADY[-1][1])
    return first - STEADY[0][0], STEADY_END[0] - last

def wait_job(api, source_id, pid, label):
    peak, start = 0.0, time.time()
    STEADY.clear()
    while True:
        s = call(api, "GET", f"/api/v1/sources/{source_id}")
        peak = max(peak, rss_mib(pid))
        job = s.get("latestJob") or {}
        chunks = job.get("chunksEmbedded") or 0
        if not STEADY or STEADY[-1][1] != chunks:
            STEADY.append((time.time(), chunks))
        if job.get("status") in ("done", "failed", "cancelled"):
            STEADY_END[0] = time.time()
            return s, time.time() - start, peak
        if int(time.time() - start) % 15 == 0:
            print(f"  {label}: {job.get('pagesFetched')} fetched, {job.get('pagesEmbedded')} embedded, "
                  f"{job.get('chunksEmbedded')} chunks, RSS {rss_mib(pid):.0f} MiB", flush=True)
        time.sleep(0.5)

def quality(api, site, questions):
    out, ranks, dump = {}, {}, {}
    for mode in ("keyword", "semantic", "hybrid"):
        hits5, rr = 0, 0.0
        ranks[mode] = []
        for q, pages in questions:
            res = call(api, "GET", "/api/v1/search?" + urllib.parse.urlencode(
                {"query": q, "mode": mode, "limit": 10}))["results"]
            dump[mode + " | " + q] = [[r["chunkId"], round(r["score"], 6), r["snippet"]] for r in res]
            urls = []
            for r in res:  # rank pages, not chunks: a page counts once, at its best chunk
                u = r["url"].split("#")[0]
                if u not in urls:
                    urls.append(u)
            wanted = {site + "/" + p for p in pages}
            rank = next((i + 1 for i, u in enumerate(urls) if u in wanted), None)
            ranks[mode].append(rank)
            if rank and rank <= 5:
                hits5 += 1
                rr += 1.0 / rank
        out[mode] = (hits5 / len(questions), rr / len(questions))
    if os.environ.get("BENCH_DUMP"):  # every answer, to diff two builds' hits and snippets
        with open(os.environ["BENCH_DUMP"], "w") as f:
            json.dump(dump, f, indent=1)
    for i, (q, _) in enumerate(questions):  # where the modes disagree or all miss, for honesty
        row = [ranks[m][i] for m in ("keyword", "semantic", "hybrid")]
        if len(set(row)) > 1 or all(r is None or r > 5 for r in row):
            print(f"  ranks k/s/h {row}: {q}")
    return out

def load(api, queries, clients, per_client, mode):
    lat, errors, lock = [], [], threading.Lock()
    def worker(i):
        for k in range(per_client):
            q = queries[(i * per_client + k) % len(queries)]
            t = time.perf_counter()
            try:
                call(api, "GET", "/api/v1/search?" + urllib.parse.urlencode({"query": q, "mode": mode, "limit": 10}))
                d = (time.perf_counter() - t) * 1000
                with lock:
                    lat.append(d)
            except Exception as e:  # noqa: BLE001 - counted and printed
                with lock:
                    errors.append(str(e))
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    p = lambda x: lat[min(len(lat) - 1, int(len(lat) * x))] if lat else float("nan")
    return {"p50": p(0.50), "p95": p(0.95), "p99": p(0.99), "qps": len(lat) / wall, "errors": len(errors)}

def share_line(cpu, bare_share):
    """The model threads' share of the machine in a pipeline step against the bare model's: the
    rate ratio without the difference in the model's own speed between the two windows (this
    machine's CPU per chunk drifts by several percent from minute to minute, for the bare model
    and the pipeline alike)."""
    return (f"  model threads' share of the machine: {100 * cpu.model_share:.1f}% against "
            f"{100 * bare_share:.1f}% alone = {100 * cpu.model_share / bare_share:.0f}%")

def reembed(args, chunks, bare, bare_share):
    """Embedding and indexing alone: every chunk marked as another model's, as after a change of
    model, then the rebuild re-embeds them from their stored text and rebuilds the index. The mark
    skips the change-log trigger (session_replication_role), or the service's index follower would
    re-index every document at the same time."""
    print("== model change: re-embed every chunk from PostgreSQL and rebuild the index", flush=True)
    subprocess.check_call(args.psql + " -q -c \"SET session_replication_role = replica; "
                          "UPDATE tenant_local.chunks SET model = 'bench-previous-model'\"", shell=True)
    t = time.time()
    cpu = CpuShare(args.pid)
    call(args.api, "POST", "/api/v1/admin/index/rebuild")
    peak = 0.0
    while time.time() - t < 1800:
        peak = max(peak, rss_mib(args.pid))
        st = call(args.api, "GET", "/api/v1/admin/index")
        if not st["rebuilding"] and not st["stale"]:
            break
        time.sleep(0.5)
    el = time.time() - t
    print(f"re-embed + rebuild of {st['chunksIndexed']} chunks: {el:.1f} s = {chunks / el:.1f} chunks/s = "
          f"{100 * chunks / el / bare:.0f}% of the bare model; peak RSS {peak:.0f} MiB "
          f"(load average now {os.getloadavg()[0]:.2f})", flush=True)
    print(cpu.report(chunks), flush=True)
    print(share_line(cpu, bare_share), flush=True)

def main():
    a = argparse.ArgumentParser()
    a.add_argument("--api", required=True); a.add_argument("--site", required=True)
    a.add_argument("--pid", type=int, required=True); a.add_argument("--psql", required=True)
    a.add_argument("--bare", required=True, help="command printing the bare model's chunks/s")
    a.add_argument("--synthetic", type=int, default=100_000)
    a.add_argument("--only", choices=["search", "crawl"],
                   help="search: data already there, quality and latency only; crawl: crawl, refresh, bare model and model change only")
    args = a.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    questions = []
    with open(os.path.join(here, "questions.tsv")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                q, pages = line.rstrip("\n").split("\t")
                questions.append((q, pages.split(",")))

    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    if args.only == "search":
        search_only(args, questions)
        return
    print("== crawl: PostgreSQL 15 manual from", args.site, flush=True)
    cpu = CpuShare(args.pid)
    src = call(args.api, "POST", "/api/v1/sources", {"name": "PostgreSQL 15 manual",
               "url": args.site + "/index.html", "maxDepth": 10, "maxPages": 5000})
    s, elapsed, peak = wait_job(args.api, src["id"], args.pid, "crawl")
    job = s["latestJob"]
    chunks = job["chunksEmbedded"]
    print(f"crawl {job['status']}: {s['pageCount']} pages, {chunks} chunks, {job['pagesFailed']} failed pages, "
          f"{elapsed:.1f} s until searchable; peak RSS {peak:.0f} MiB", flush=True)
    print(cpu.report(chunks), flush=True)
    crawl_cpu = cpu
    pipeline_rate = chunks / elapsed
    steady = steady_rate()
    head, tail = ramp()
    print(f"  first chunks stored {head:.1f} s after the job started; done {tail:.1f} s after the last", flush=True)

    print("== refresh (nothing changed: fetch + parse + hash only)", flush=True)
    call(args.api, "POST", f"/api/v1/sources/{src['id']}/refresh")
    s2, el2, peak2 = wait_job(args.api, src["id"], args.pid, "refresh")
    j2 = s2["latestJob"]
    print(f"refresh {j2['status']}: {j2['pagesFetched']} pages fetched+parsed in {el2:.1f} s = "
          f"{j2['pagesFetched'] / el2:.0f} pages/s; {j2['pagesUnchanged']} unchanged, {j2['pagesEmbedded']} re-embedded; "
          f"peak RSS {peak2:.0f} MiB", flush=True)

    print("== bare model on the same chunk texts (service idle)", flush=True)
    out = subprocess.check_output(args.bare, shell=True, text=True).strip().splitlines()
    bare = float(out[-1])
    print(f"  bare {out[-2]}", flush=True)
    # "model CPU per chunk <ms> ms" x chunks/s over the machine's CPUs
    bare_share = float(out[-2].split()[-2]) / 1000 * bare / (os.cpu_count() or 1)
    print(f"bare model: {bare:.1f} chunks/s; pipeline end to end (fetch, parse, chunk, embed, store, index): "
          f"{pipeline_rate:.1f} chunks/s = {100 * pipeline_rate / bare:.0f}% of the bare model; "
          f"steady (10-90% of the chunks) {steady:.1f} chunks/s = {100 * steady / bare:.0f}% "
          f"(load average now {os.getloadavg()[0]:.2f})", flush=True)
    print(share_line(crawl_cpu, bare_share), flush=True)
    reembed(args, chunks, bare, bare_share)
    if args.only == "crawl":
        if os.environ.get("BENCH_SECOND_CRAWL"):  # the same pages as a second source, JVM now warm
            cpu = CpuShare(args.pid)
            src2 = call(args.api, "POST", "/api/v1/sources", {"name": "PostgreSQL 15 manual, again",
                        "url": args.site + "/index.html?again", "maxDepth": 10, "maxPages": 5000})
            s3, el3, _ = wait_job(args.api, src2["id"], args.pid, "second crawl")
            rate = s3["latestJob"]["chunksEmbedded"] / el3
            steady3 = steady_rate()
            print(f"second crawl (warm service): {s3['latestJob']['chunksEmbedded']} chunks in {el3:.1f} s = "
                  f"{rate:.1f} chunks/s = {100 * rate / bare:.0f}% of the bare model; "
                  f"steady {steady3:.1f} chunks/s = {100 * steady3 / bare:.0f}% "
                  f"(load average now {os.getloadavg()[0]:.2f})", flush=True)
            print(cpu.report(s3["latestJob"]["chunksEmbedded"]), flush=True)
            print(share_line(cpu, bare_share), flush=True)
        return

    print("== quality: %d known-item questions" % len(questions), flush=True)
    for mode, (r5, mrr) in quality(args.api, args.site, questions).items():
        print(f"{mode:9s} recall@5 {r5:.3f}  MRR@5 {mrr:.3f}", flush=True)

    queries = [q for q, _ in questions]
    for mode in ("keyword", "hybrid"):
        r = load(args.api, queries, 1, 40, mode)
        print(f"1 client  {mode:9s} p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms", flush=True)
    print("== search latency at the manual's size, 8 clients", flush=True)
    for mode in ("keyword", "semantic", "hybrid"):
        r = load(args.api, queries, 8, 25, mode)
        print(f"{mode:9s} p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms  {r['qps']:.0f} q/s  errors {r['errors']}", flush=True)

    if args.synthetic:
        print(f"== synthesizing chunks up to {args.synthetic} (copies of real chunks, jittered vectors), rebuilding", flush=True)
        copies = max(1, args.synthetic // max(1, chunks) )
        subprocess.check_call(args.psql + f" -v copies={copies - 1} -f {os.path.join(here, 'synthesize.sql')}", shell=True)
        # psql is "another replica" to the service: its index follower indexes the copies from their
        # stored vectors; let it finish, so the rebuild below is not followed by a second indexing
        t = time.time()
        while time.time() - t < 900:
            st = call(args.api, "GET", "/api/v1/admin/index")
            if st["chunksIndexed"] >= st["chunksInDatabase"]:
                break
            time.sleep(1)
        print(f"follower indexed the copies in {time.time() - t:.1f} s ({st['chunksIndexed']} chunks)", flush=True)
        t = time.time()
        call(args.api, "POST", "/api/v1/admin/index/rebuild")
        peak3 = 0.0
        while True:
            st = call(args.api, "GET", "/api/v1/admin/index")
            peak3 = max(peak3, rss_mib(args.pid))
            if not st["rebuilding"] and not st["stale"]:
                break
            time.sleep(1)
        print(f"rebuild of {st['chunksIndexed']} chunks from PostgreSQL: {time.time() - t:.1f} s, peak RSS {peak3:.0f} MiB", flush=True)
        latency(args.api, queries, st["chunksIndexed"], args.pid)
    print(f"final RSS {rss_mib(args.pid):.0f} MiB")

def cpu_seconds(pid):
    """CPU time (user + system) the process has used: per query, it does not depend on other load."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def load_wrk(api, queries, clients, seconds, mode):
    """Closed loop with wrk: `clients` keep-alive connections, each sending the next question as
    soon as its previous answer arrived. wrk's C client costs a fraction of a Python client's CPU,
    which matters when the load and the service share two cores."""
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as f:
        for q in queries:
            f.write("/api/v1/search?" + urllib.parse.urlencode({"query": q, "mode": mode, "limit": 10}) + "\n")
    try:
        out = subprocess.check_output(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
                                       "-s", os.path.join(here, "search.lua"), api, "--", f.name], text=True)
    finally:
        os.unlink(f.name)
    line = [l for l in out.splitlines() if l.startswith("rate=")][-1]
    v = dict(kv.split("=") for kv in line.split())
    return {"p50": float(v["p50"]), "p95": float(v["p95"]), "p99": float(v["p99"]), "qps": float(v["rate"]),
            "errors": int(v["errors"]), "queries": int(v["requests"])}

def wait_idle(pid, limit=120):
    """Waits until the service has been idle for 2 s (under 5% of a core): after a rebuild, Lucene
    goes on merging segments in the background for a while, and that is not search's cost."""
    start = time.time()
    while time.time() - start < limit:
        before = cpu_seconds(pid)
        time.sleep(2)
        if cpu_seconds(pid) - before < 0.1:
            return time.time() - start
    return time.time() - start

def latency(api, queries, chunks, pid, warmup=5):
    print(f"(waited {wait_idle(pid):.0f} s for the service to be idle)", flush=True)
    for mode in ("keyword", "semantic", "hybrid"):  # warm-up (JIT): a fresh service needs more
        load(api, queries, 8, warmup, mode)
    for mode in ("keyword", "semantic", "hybrid"):
        before, la = cpu_seconds(pid), os.getloadavg()[0]
        r = load(api, queries, 8, 50, mode)
        cpu_ms = 1000 * (cpu_seconds(pid) - before) / (8 * 50)
        print(f"{chunks} chunks {mode:9s} p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms  "
              f"{r['qps']:.0f} q/s  errors {r['errors']}  service CPU {cpu_ms:.1f} ms/query  "
              f"(load average before {la:.2f}; 8 Python clients, a new connection per query)", flush=True)
    if not shutil.which("wrk"):
        print("(wrk not installed: apt-get install -y wrk for the keep-alive client figures)", flush=True)
        return
    for mode in ("keyword", "semantic", "hybrid"):  # the JIT is still compiling the search paths
        load_wrk(api, queries, 8, 10, mode)          # after the Python clients: 10 s each, unrecorded
    for mode in ("keyword", "semantic", "hybrid"):
        before, la = cpu_seconds(pid), os.getloadavg()[0]
        r = load_wrk(api, queries, 8, 20, mode)
        cpu_ms = 1000 * (cpu_seconds(pid) - before) / max(1, r["queries"])
        print(f"{chunks} chunks {mode:9s} p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms  "
              f"{r['qps']:.0f} q/s  errors {r['errors']}  service CPU {cpu_ms:.1f} ms/query  "
              f"(load average before {la:.2f}; wrk, 8 keep-alive connections, {r['queries']} queries in 20 s)", flush=True)

def search_only(args, questions):
    while True:  # the service may still be checking or rebuilding its index after the start
        st = call(args.api, "GET", "/api/v1/admin/index")
        if not st["rebuilding"] and not st["stale"]:
            break
        time.sleep(1)
    print("== quality: %d known-item questions" % len(questions), flush=True)
    for mode, (r5, mrr) in quality(args.api, args.site, questions).items():
        print(f"{mode:9s} recall@5 {r5:.3f}  MRR@5 {mrr:.3f}", flush=True)
    latency(args.api, [q for q, _ in questions], st["chunksIndexed"], args.pid, warmup=25)
    print(f"final RSS {rss_mib(args.pid):.0f} MiB")

if __name__ == "__main__":
    main()
