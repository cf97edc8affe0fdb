# %% [markdown]
# # A walk through the graph of the bundled articles
#
# Notebook-style (`# %%` cells: open it in Jupyter with jupytext, VS Code or PyCharm, or
# run it whole with `python3 examples/walkthrough.py`). It builds an in-memory graph of
# the five bundled articles and asks the questions an analyst asks first.

# %%
from pathlib import Path

import kg

QUERIES = Path(__file__).resolve().parent / "queries" if "__file__" in globals() else Path("examples/queries")

report = kg.build(store=None)          # in memory; kg.build(store="kg-store") for a store on disk
print(report.format())
g = kg.Graph(report.store)

# %% [markdown]
# ## Who holds which post?
# Each row is a post attested by an article, dated by that article.

# %%
posts = g.posts()
print(posts[posts.body.str.contains("应急管理")].to_string(index=False))

# %% [markdown]
# ## Which principles are cited most, and what do they mean?

# %%
principles = g.principles()
print(principles.head(8)[["principle", "citers", "definition"]].to_string(index=False))

# %% [markdown]
# ## Officials who appear in more than one article

# %%
officials = g.officials()
print(officials[officials.articles > 1][["official", "articles", "titles"]].to_string(index=False))

# %% [markdown]
# ## Any SPARQL, as a DataFrame: the sentence behind a fact

# %%
facts = g.query(QUERIES / "sentence-behind-a-fact.rq")
for row in facts.itertuples():
    print(row.article, row.begin, row.end, row.sentence[:60], sep=" | ")

# %% [markdown]
# ## The network around one official, with networkx

# %%
import networkx as nx  # noqa: E402

ego = g.subgraph("王启瑞", hops=1)
for a, b, predicate in ego.edges(keys=True):
    print(ego.nodes[a]["label"], predicate, ego.nodes[b]["label"])
print("degree centrality, top 5:")
centrality = nx.degree_centrality(g.to_networkx())
for node in sorted(centrality, key=centrality.get, reverse=True)[:5]:
    print(f"  {g.to_networkx().nodes[node]['label']}: {centrality[node]:.3f}")

# %% [markdown]
# ## And the page to explore it by hand

# %%
print("wrote", g.render("walkthrough.html", focus="王启瑞", hops=2))
