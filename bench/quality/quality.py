#!/usr/bin/env python3
"""Search quality on known-item questions (stdlib only).

Talks to a running DevFlow (the gateway, or knowledge-hub itself) over its REST API. For each corpus
it makes sure a source holding it exists (crawling it from a loopback site when it does not), then
asks every question in every mode and prints recall@1/5/10, MRR@10, nDCG@10 and the share of result
lists that repeat a page in their top 5, for the tuning half and the test half separately.

The halves are fixed once and for all: a question belongs to the test half when the SHA-256 of the
seed and its text is odd. Adding questions never moves the old ones. Misses are printed for the
tuning half only, so nobody tunes on the test half by reading it.
"""
import argparse, hashlib, json, math, os, statistics, sys, time, urllib.error, urllib.parse, urllib.request

SEED = "devflow-quality-2026"
MODES = ("keyword", "semantic", "hybrid")


def half(question):
    return "test" if hashlib.sha256((SEED + question).encode()).digest()[-1] & 1 else "tuning"


class Api:
    def __init__(self, base, token=None):
        self.base, self.token = base.rstrip("/"), token

    def call(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raise SystemExit(f"{method} {path}: {e.code} {e.read().decode(errors='replace')[:500]}")


def load_questions(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                q, pages = line.rstrip("\n").split("\t")
                out.append((q, [p.strip() for p in pages.split(",") if p.strip()]))
    return out


def ensure_source(api, name, site, max_pages):
    sources = api.call("GET", "/api/v1/sources")
    items = sources.get("items", sources) if isinstance(sources, dict) else sources
    src = next((s for s in items if s["name"] == name), None)
    if src is None:
        print(f"  {name}: crawling {site}/index.html", flush=True)
        src = api.call("POST", "/api/v1/sources", {"name": name, "url": site + "/index.html",
                                                   "maxDepth": 10, "maxPages": max_pages})
    start, last = time.time(), 0
    while True:
        s = api.call("GET", f"/api/v1/sources/{src['id']}")
        job = s.get("latestJob") or {}
        if job.get("status") in ("done", "failed", "cancelled", None):
            break
        if time.time() - last > 15:
            last = time.time()
            print(f"  {name}: {job.get('pagesFetched')} pages fetched, {job.get('chunksEmbedded')} chunks",
                  flush=True)
        time.sleep(1)
    if job.get("status") != "done":
        raise SystemExit(f"{name}: the crawl ended {job.get('status')}")
    took = time.time() - start
    print(f"  {name}: {s.get('pageCount')} pages, {s.get('chunkCount')} chunks"
          + (f" (searchable after {took:.0f} s)" if took > 5 else ""), flush=True)
    return s


def wait_index(api):
    """An index being rebuilt (a new format or model) answers from part of the corpus: wait."""
    start = time.time()
    while any((api.call("GET", "/api/v1/admin/index") or {}).get(k) for k in ("rebuilding", "stale")):
        if time.time() - start > 1800:
            raise SystemExit("the search index is still being rebuilt after 30 minutes")
        time.sleep(2)
    if time.time() - start > 2:
        print(f"  waited {time.time() - start:.0f} s for the index rebuild", flush=True)


def page_of(url, site):
    path = url.split("#")[0]
    return path[len(site) + 1:] if path.startswith(site + "/") else path


def score(pages, wanted):
    """Figures for one answer: the pages in the order the results gave them (repeats kept)."""
    first = next((i + 1 for i, p in enumerate(pages[:10]) if p in wanted), None)
    dcg, seen = 0.0, set()
    for i, p in enumerate(pages[:10]):
        if p in wanted and p not in seen:
            seen.add(p)
            dcg += 1 / math.log2(i + 2)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), 10)))
    top5 = pages[:5]
    return {
        "rank": first,
        "r1": first is not None and first <= 1,
        "r5": first is not None and first <= 5,
        "r10": first is not None,
        "rr": 1 / first if first else 0.0,
        "ndcg": dcg / ideal,
        "repeat": len(set(top5)) < len(top5),
    }


def ask(api, question, mode, source_id, limit, extra):
    params = [("query", question), ("mode", mode), ("limit", limit), ("sourceId", source_id)]
    params += extra
    t = time.perf_counter()
    res = api.call("GET", "/api/v1/search?" + urllib.parse.urlencode(params))
    return res, (time.perf_counter() - t) * 1000


def summary(rows):
    n = len(rows)
    if n == 0:
        return None
    avg = lambda k: sum(float(r[k]) for r in rows) / n
    return {"n": n, "recall@1": avg("r1"), "recall@5": avg("r5"), "recall@10": avg("r10"),
            "mrr@10": avg("rr"), "ndcg@10": avg("ndcg"), "repeat@5": avg("repeat"),
            "ms_p50": statistics.median(r["ms"] for r in rows)}


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--api", required=True, help="DevFlow's base URL (gateway or knowledge-hub)")
    a.add_argument("--token", default=os.environ.get("DEVFLOW_API_KEY"), help="API key, if the stack needs one")
    a.add_argument("--corpus", action="append", required=True, metavar="NAME=SITE",
                   help="a corpus: questions/NAME.tsv, pages served under SITE (repeatable)")
    a.add_argument("--modes", default=",".join(MODES))
    a.add_argument("--limit", type=int, default=10)
    a.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="extra search parameter, e.g. results=chunks")
    a.add_argument("--max-pages", type=int, default=5000)
    a.add_argument("--json", help="write the figures here")
    a.add_argument("--dump", help="write every answer's ranks here (both halves: for diffs, not for reading)")
    a.add_argument("--misses", action="store_true", help="print the tuning half's misses")
    a.add_argument("--candidates", help="only record each question's keyword and semantic chunk lists"
                   " (50 chunks, with scores) here, for fusion.py to try fusions on offline")
    args = a.parse_args()
    api = Api(args.api, args.token)
    here = os.path.dirname(os.path.abspath(__file__))
    extra = [tuple(p.split("=", 1)) for p in args.param]
    modes = args.modes.split(",")
    figures, dump = {}, {}
    for spec in args.corpus:
        name, site = spec.split("=", 1)
        site = site.rstrip("/")
        questions = load_questions(os.path.join(here, "questions", name + ".tsv"))
        src = ensure_source(api, "quality: " + name, site, args.max_pages)
        wait_index(api)
        if args.candidates:
            for q, pages in questions:
                entry = {"corpus": name, "half": half(q), "wanted": pages}
                for mode in ("keyword", "semantic"):
                    res, _ = ask(api, q, mode, src["id"], 50, [("results", "chunks")])
                    entry[mode] = [[page_of(r["url"], site), r["chunkId"], r["score"]]
                                   for r in res["results"]]
                dump[q] = entry
            continue
        for mode in modes:
            rows = {"tuning": [], "test": []}
            for q, pages in questions:
                res, ms = ask(api, q, mode, src["id"], args.limit, extra)
                got = [page_of(r["url"], site) for r in res["results"]]
                r = score(got, set(pages))
                r["ms"] = ms
                rows[half(q)].append(r)
                dump[f"{name} | {mode} | {q}"] = {"rank": r["rank"], "pages": got[:10]}
                if args.misses and half(q) == "tuning" and not r["r5"]:
                    print(f"  miss {name}/{mode} rank {r['rank']}: {q}  -> want {pages}, got {got[:5]}")
            for h in rows:
                figures[f"{name}/{h}/{mode}"] = summary(rows[h])
    if args.candidates:
        with open(args.candidates, "w") as f:
            json.dump(dump, f)
        return
    print()
    print(f"{'corpus':12s} {'half':7s} {'n':>4s} {'mode':9s} {'R@1':>6s} {'R@5':>6s} {'R@10':>6s} "
          f"{'MRR@10':>7s} {'nDCG@10':>8s} {'repeat@5':>9s} {'p50 ms':>7s}")
    for key, f in figures.items():
        if f is None:
            continue
        name, h, mode = key.split("/")
        print(f"{name:12s} {h:7s} {f['n']:4d} {mode:9s} {f['recall@1']:6.3f} {f['recall@5']:6.3f} "
              f"{f['recall@10']:6.3f} {f['mrr@10']:7.3f} {f['ndcg@10']:8.3f} {f['repeat@5']:9.3f} "
              f"{f['ms_p50']:7.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump(dump, f, indent=1)


if __name__ == "__main__":
    main()
