"""The seed articles with every person, place and enterprise name swapped for others must
score as the originals do: the extractor knows the genre, not these names."""
import json

import pytest

from conftest import ARTICLES, GOLD
from kg.evaluate import score
from kg.extract import extract_text
from kg.normalize import to_simplified

PERSONS = {
    "卫再学": "郑海川", "王娅萍": "林秀英", "张炯玮": "罗志刚", "王启瑞": "何国栋", "杨计先": "宋建明",
    "张闰年": "韩立新", "王付轩": "曹文斌", "赵宏": "许峰", "薛绛力": "邓丽华", "赵伟": "梁勇",
    "唐登杰": "周立平", "金湘军": "胡春生", "吴伟": "冯涛", "王震": "谢明远", "薛明耀": "彭海涛",
    "陈望远": "曾宪章", "孙世新": "蒋学文", "武健鹏": "沈永康", "田志军": "韦国庆", "苏春华": "姚秋云",
    "张鹏飞": "卢天宇", "金冬江": "范东升", "刘宁": "钟华",
}
PLACES = {
    "山西": "湖北", "晋城": "宜昌", "太原": "武汉", "大同": "十堰", "阳高县": "郧西县", "祁县": "远安县",
    "晋中": "荆州", "吕梁": "襄阳", "离石区": "樊城区", "代县": "谷城县", "汾河": "汉江",
    "驻晋": "驻鄂", "河南": "江西", "豫": "赣",
}
ENTERPRISES = {"永聚煤业": "恒泰煤业", "精诚矿业": "宏达矿业", "潞安化工集团": "楚能化工集团",
               "王庄煤矿": "李庄煤矿", "晋昇翰林": "楚天翰林"}
SWAPS = {**PERSONS, **PLACES, **ENTERPRISES}


def swap(text: str, table: dict) -> str:
    """Replace every key of ``table`` by its value, longest keys first, in one pass.
    Keys are simplified and also match their traditional forms (王啟瑞, 王啓瑞)."""
    keys = sorted(table, key=len, reverse=True)
    simplified = to_simplified(text)  # one character for one, so offsets agree
    out, i = [], 0
    while i < len(text):
        for k in keys:
            if simplified.startswith(k, i):
                out.append(table[k])
                i += len(k)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@pytest.fixture(scope="module")
def scores():
    table = SWAPS
    original, swapped, golds, swapped_golds = [], [], [], []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        original.append(extract_text(text, path.stem).to_record())
        swapped.append(extract_text(swap(text, table), path.stem).to_record())
        golds.append(gold)
        swapped_golds.append(json.loads(swap(json.dumps(gold, ensure_ascii=False), SWAPS)))
    by_doc = lambda gs: {g["doc"]: g for g in gs}  # noqa: E731
    return score(original, by_doc(golds)), score(swapped, by_doc(swapped_golds))


def test_swap_really_changes_the_names():
    text = (ARTICLES / "001_8357457553f7d912.txt").read_text(encoding="utf-8")
    out = swap(text, SWAPS)
    assert "唐登杰" not in out and "周立平" in out and "湖北省委" in swap("山西省委", SWAPS)


@pytest.mark.parametrize("kind", ["entities", "relations"])
def test_swapped_seeds_score_the_same(scores, kind):
    original, swapped = scores
    assert swapped.micro(kind)["f1"] == pytest.approx(original.micro(kind)["f1"], abs=0.01), (
        swapped.format())
