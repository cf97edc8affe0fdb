"""The example SPARQL queries, installed with kg as ``kg.queries`` (the explorer's editor offers them)."""
