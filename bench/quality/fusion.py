#!/usr/bin/env python3
"""Tries ways of fusing keyword and semantic results offline, on the lists quality.py --candidates
recorded: ranks pages like knowledge-hub's Ranking does, for a grid of RRF k and weights (and a
convex combination of min-max normalised scores), picks the best on the tuning half, and reports
that choice's figures on the test half. Stdlib only.

    python3 bench/quality/fusion.py candidates.json
"""
import itertools, json, sys

SECOND = [0.0]  # a page's score: its best chunk's plus this share of its second best's


def pages(lst):
    """The list's pages, best first, each scored by its best chunk and a share of its second."""
    scores = {}
    for page, _, score in lst:
        scores.setdefault(page, []).append(score)
    scored = [(p, s[0] + SECOND[0] * (s[1] if len(s) > 1 else 0)) for p, s in scores.items()]
    if SECOND[0] == 0:
        return scored  # as listed: best chunk first
    return sorted(scored, key=lambda ps: -ps[1])

def rrf(kw, sem, k, wk, ws):
    score = {}
    for w, lst in ((wk, kw), (ws, sem)):
        for i, (p, _) in enumerate(pages(lst)):
            score[p] = score.get(p, 0) + w / (k + i + 1)
    return sorted(score, key=lambda p: -score[p])

def convex(kw, sem, alpha):
    score = {}
    for w, lst in ((1 - alpha, kw), (alpha, sem)):
        ps = pages(lst)
        if not ps:
            continue
        hi, lo = ps[0][1], ps[-1][1]
        for p, s in ps:
            score[p] = score.get(p, 0) + w * ((s - lo) / (hi - lo) if hi > lo else 1)
    return sorted(score, key=lambda p: -score[p])

def figures(ranked_lists, wanted_lists):
    n = len(ranked_lists)
    r5 = mrr = 0
    for ranked, wanted in zip(ranked_lists, wanted_lists):
        rank = next((i + 1 for i, p in enumerate(ranked[:10]) if p in wanted), None)
        r5 += bool(rank and rank <= 5)
        mrr += 1 / rank if rank else 0
    return r5 / n, mrr / n

def evaluate(data, corpus, half, fuse):
    qs = [e for e in data.values() if e["corpus"] == corpus and e["half"] == half]
    return figures([fuse(e["keyword"], e["semantic"]) for e in qs], [set(e["wanted"]) for e in qs])

def main():
    data = json.load(open(sys.argv[1]))
    if len(sys.argv) > 2:
        SECOND[0] = float(sys.argv[2])
    corpora = sorted({e["corpus"] for e in data.values()})
    single = {"keyword": lambda kw, sem: [p for p, _ in pages(kw)],
              "semantic": lambda kw, sem: [p for p, _ in pages(sem)]}
    candidates = {}
    for k, wk in itertools.product((1, 2, 5, 10, 20, 40, 60, 100), (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.5)):
        candidates[f"rrf k={k} kw={wk}"] = (lambda k, wk: lambda kw, sem: rrf(kw, sem, k, wk, 1.0))(k, wk)
    for alpha in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        candidates[f"convex alpha={alpha}"] = (lambda a: lambda kw, sem: convex(kw, sem, a))(alpha)
    def objective(name):
        # the worst corpus's margin over its better single mode, then the mean MRR
        margins, mrrs = [], []
        for c in corpora:
            r5, mrr = evaluate(data, c, "tuning", candidates[name])
            best = [evaluate(data, c, "tuning", f) for f in single.values()]
            margins.append(min(r5 - max(b[0] for b in best), mrr - max(b[1] for b in best)))
            mrrs.append(mrr + r5)
        return (min(margins), sum(mrrs))
    ranked = sorted(candidates, key=objective, reverse=True)
    print("best on the tuning half:")
    for name in ranked[:8]:
        print(f"  {name:24s} worst margin {objective(name)[0]:+.3f}  sum {objective(name)[1]:.3f}")
    choice = ranked[0]
    for name in [choice, "rrf k=60 kw=1.0", "rrf k=60 kw=0.5"]:
        print(f"\n{name}:")
        for c in corpora:
            for h in ("tuning", "test"):
                row = {m: evaluate(data, c, h, f) for m, f in single.items()}
                row["hybrid"] = evaluate(data, c, h, candidates[name])
                print(f"  {c:12s} {h:7s} " + "  ".join(f"{m} R@5 {r5:.3f} MRR {mrr:.3f}" for m, (r5, mrr) in row.items()))

if __name__ == "__main__":
    main()
