"""Build an in-memory graph of the bundled articles, ask it, and draw it.

    python3 examples/build_query_render.py
"""
from pathlib import Path

import kg

HERE = Path(__file__).parent

report = kg.build(store=None)          # the bundled articles, in memory
print(report.format(), end="\n\n")

posts = kg.query(HERE / "queries" / "posts.rq", report.store)
print(posts.head(10).to_string(index=False), end="\n\n")

# Which bodies did 王启瑞 hold posts in, and which principles did he emphasise?
g = kg.to_networkx(report.store)
official = next(n for n, d in g.nodes(data=True) if d["label"] == "王启瑞")
for _, target, predicate in g.out_edges(official, keys=True):
    print(predicate, g.nodes[target]["label"])

print("\nwrote", kg.render(report.store, "graph.html"))
