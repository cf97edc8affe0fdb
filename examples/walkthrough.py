# %% [markdown]
# # A walk through the graph of the bundled articles
#
# Notebook-style (`# %%` cells: open it in VS Code or PyCharm, run it whole with
# `python3 examples/walkthrough.py`, or open `walkthrough.ipynb`, the same cells as a
# Jupyter notebook). It builds an in-memory graph of the five bundled articles and asks
# the questions an analyst asks first.

# %%
from pathlib import Path

import kg

# A script knows where it is; a notebook runs in its own folder.
QUERIES = (Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()) / "queries"

report = kg.build(store=None)          # in memory; kg.build(store="kg-store") for a store on disk
print(report.format())
g = kg.Graph(report.store)

# %% [markdown]
# In a notebook the graph shows itself: what it holds and the entities most reported.

# %%
g

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
# In a notebook, `view` draws the neighbourhood of a name (at most 60 nodes, the most
# reported kept), an interactive page that needs no network.

# %%
g.view("王启瑞", hops=2)

# %% [markdown]
# ## And the page to explore it by hand

# %%
print("wrote", g.render("walkthrough.html", focus="王启瑞", hops=2))
