"""kg: knowledge graphs from Chinese work-safety (安全生产) news articles.

>>> import kg
>>> r = kg.extract_text("省应急管理厅党委书记、厅长王启瑞表示,要坚持“两个至上”。")
>>> sorted(e.canonical for e in r.entities if e.type == "Official")
['王启瑞']
"""
from .extract import extract_article, extract_paths, extract_text
from .read import ReadError, read_article, read_paths

__all__ = ["extract_article", "extract_paths", "extract_text", "ReadError", "read_article", "read_paths"]
