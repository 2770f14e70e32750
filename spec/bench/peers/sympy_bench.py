"""SymPy side of bibun's benchmarks. Reads one JSON job on stdin, prints one JSON object per
result line (flushed, so a run killed by its timeout still reports what it finished).

Jobs:
  {"op": "version"}
  {"op": "simplify", "exprs": ["x + x", ...]}        -> {"i", "ms", "out", "size"} per expression
  {"op": "diffchain", "kind": "sincos"|"sinpcos", "ks": [10, 12, 14]}
                                                      -> {"k", "ms", "size"} per k
  {"op": "diff", "expr": "...", "vars": ["x", ...]}   -> {"ms", "size"}
  {"op": "poly", "cases": [{"name", "fn": "expand"|"factor"|"gcd", "runs": [[text, ...], ...]}]}
                                                      -> {"name", "k", "ms", "info"} per run
  {"op": "serieschain", "k": 5, "orders": [5, 10]}   -> {"k", "n", "ms", "coeffs"} per order
  {"op": "limitchain", "k": 5, "cases": [{"n", "poly": [c0, c1, ...]}]}
                                                      -> {"k", "n", "ms", "value"} per case
    (the sin(f)*cos(f) chain of depth k: its Taylor coefficients at 0 up to x^n as exact
    strings; the limit at 0 of (f - T)/x^n, T the polynomial with the given coefficients)
Times are wall-clock milliseconds of the SymPy call alone (parsing and building are outside).
"""
import json
import sys
import time

import sympy
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

TRANSFORMS = standard_transformations + (convert_xor,)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def tree_size(e):
    """Nodes of the expression tree, each shared Python object counted once per use."""
    memo = {}
    stack = [(e, False)]
    while stack:
        n, expanded = stack.pop()
        if id(n) in memo:
            continue
        if not expanded:
            stack.append((n, True))
            for a in n.args:
                if id(a) not in memo:
                    stack.append((a, False))
        else:
            memo[id(n)] = 1 + sum(memo[id(a)] for a in n.args)
    return memo[id(e)]


def parse(text):
    return parse_expr(text, transformations=TRANSFORMS, local_dict={"e": sympy.E})


def to_text(e):
    s = sympy.sstr(e).replace("**", "^")
    # bibun spells Euler's number e.
    import re
    return re.sub(r"\bE\b", "e", s)


def sincos_chain(k, name):
    """f_0 = x, f_(i+1) = sin(f_i)*cos(f_i), with a fresh symbol (no cache serves a run)."""
    x = sympy.Symbol(name)
    f = x
    for _ in range(k):
        f = sympy.sin(f) * sympy.cos(f)
    return x, f


def main():
    job = json.loads(sys.stdin.read())
    op = job["op"]
    if op == "version":
        emit({"version": sympy.__version__})
    elif op == "simplify":
        sympy.simplify(parse("sin(w)^2 + cos(w)^2 + w/w"))  # warm-up: imports and caches of simplify itself
        for i, text in enumerate(job["exprs"]):
            e = parse(text)
            t0 = time.perf_counter()
            r = sympy.simplify(e)
            ms = (time.perf_counter() - t0) * 1e3
            emit({"i": i, "ms": ms, "out": to_text(r), "size": tree_size(r)})
    elif op == "diffchain":
        for k in job["ks"]:
            x = sympy.Symbol("x_k%d" % k)  # fresh symbol: SymPy's cache cannot serve an earlier run
            f = x
            for _ in range(k):
                f = sympy.sin(f) * sympy.cos(f) if job["kind"] == "sincos" else sympy.sin(f) + sympy.cos(f)
            t0 = time.perf_counter()
            d = sympy.diff(f, x)
            ms = (time.perf_counter() - t0) * 1e3
            emit({"k": k, "ms": ms, "size": tree_size(d)})
    elif op == "diff":
        e = parse(job["expr"])
        xs = [sympy.Symbol(v) for v in job["vars"]]
        t0 = time.perf_counter()
        ds = [sympy.diff(e, v) for v in xs]
        ms = (time.perf_counter() - t0) * 1e3
        emit({"ms": ms, "size": sum(tree_size(d) for d in ds)})
    elif op == "poly":
        fns = {"expand": sympy.expand, "factor": sympy.factor, "gcd": sympy.gcd}
        for case in job["cases"]:
            fn = fns[case["fn"]]
            for k, texts in enumerate(case["runs"]):
                args = [parse(t) for t in texts]
                t0 = time.perf_counter()
                r = fn(*args)
                ms = (time.perf_counter() - t0) * 1e3
                if case["fn"] == "expand":
                    info = "%d terms" % len(sympy.Add.make_args(r))
                elif case["fn"] == "factor":
                    info = "%d factors" % len(sympy.factor_list(r)[1])
                else:
                    info = "degree %d" % sympy.Poly(r).total_degree()
                emit({"name": case["name"], "k": k, "ms": ms, "info": info})
    elif op == "serieschain":
        w = sympy.Symbol("w")
        sympy.series(sympy.sin(w) * sympy.cos(w), w, 0, 4)  # warm-up: imports and caches of series
        for n in job["orders"]:
            x, f = sincos_chain(job["k"], "x_s%d_%d" % (job["k"], n))
            t0 = time.perf_counter()
            p = sympy.series(f, x, 0, n + 1).removeO()
            ms = (time.perf_counter() - t0) * 1e3
            emit({"k": job["k"], "n": n, "ms": ms, "coeffs": [str(p.coeff(x, i)) for i in range(n + 1)]})
    elif op == "limitchain":
        w = sympy.Symbol("w")
        sympy.limit((sympy.sin(w) * sympy.cos(w) - w) / w**3, w, 0)  # warm-up, as for series
        for case in job["cases"]:
            n = case["n"]
            x, f = sincos_chain(job["k"], "x_l%d_%d" % (job["k"], n))
            poly = sum(sympy.Rational(c) * x**i for i, c in enumerate(case["poly"]))
            g = (f - poly) / x**n
            t0 = time.perf_counter()
            v = sympy.limit(g, x, 0)
            ms = (time.perf_counter() - t0) * 1e3
            emit({"k": job["k"], "n": n, "ms": ms, "value": str(v)})
    else:
        emit({"error": "unknown op " + op})


main()
