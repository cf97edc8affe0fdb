"""The seed articles and the dev2 and dev3 passages with every person, place and
enterprise name swapped for others must score as the originals do, each set on its own:
the extractor knows the genre, not these names."""
import json

import pytest

from conftest import ARTICLES, CORPUS, GOLD
from kg.evaluate import score
from kg.extract import extract_text
from kg.normalize import match_key, to_simplified

# The seeds.
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

# Central leaders, swapped alike in every set where they appear. 习近平 (and 毛主席) stay, as
# in the seeds: their names are part of set phrases and of principles
# (习近平新时代中国特色社会主义思想).
NATIONAL = {
    "李克强": "孙志远", "李强": "韩斌", "韩正": "吕方", "刘鹤": "马骏", "王勇": "何平",
    "赵克志": "钱立新", "黄明": "周斌", "黄玉治": "郑国华",
}

# dev2: Sichuan (with an accident in Shanxi), Henan, Guangzhou's Conghua district, Guizhou,
# Hunan; each province goes to one that the set does not name, its cities and counties with it.
DEV2_PERSONS = {
    "黄强": "彭涛", "李淼": "吴琳", "田为": "邢宇", "刘宁": "钟华", "王凯": "曹磊", "赵龙": "孙浩",
    "张文虹": "潘丽萍", "黄锦生": "罗建平", "周德昶": "吴志诚", "张昕": "朱辉", "谌贻琴": "蔺彩云",
    "李炳军": "林振华", "李再勇": "程向东", "陶长海": "严东升", "郭瑞民": "汤建国", "蔡朝林": "魏国强",
    "王韶辉": "秦明远", "李殿勋": "邵振邦", "孟姣燕": "贺晓琳",
}
DEV2_PLACES = {
    "四川": "湖北", "川": "鄂", "成都": "武汉", "金阳": "竹溪",
    "山西": "陕西", "吕梁": "榆林",
    "河南": "江西", "豫": "赣",
    # the source site names the district too (www.conghua.gov.cn → 从化区)
    "广州": "合肥", "从化": "包河", "街口": "望湖", "府前": "荷塘", "www.conghua.gov.cn": "www.baohe.gov.cn",
    "贵州": "云南", "黔西南布依族苗族自治州": "文山壮族苗族自治州", "黔西南": "文山", "贞丰": "丘北",
    "湖南": "浙江", "长沙": "杭州",
}
DEV2_ENTERPRISES = {"永聚": "恒泰", "三河顺勋": "鑫源宏达"}
DEV2_SWAPS = {**NATIONAL, **DEV2_PERSONS, **DEV2_PLACES, **DEV2_ENTERPRISES}

# dev3: Zhejiang's Shaoxing, Jiangsu, Shandong's Qixia, Hebei (traditional characters),
# Fujian's Shanghang county, Chongqing, national, Xinjiang (names with a middle dot).
DEV3_PERSONS = {
    "施惠芳": "叶春华", "陶关锋": "邢国锋", "王涛": "刘洋", "俞流江": "庞远航", "鲁霞光": "聂海光",
    "陈伟军": "骆志军", "徐晓兰": "蒋晓红", "吴政隆": "岳宏图", "许昆林": "戴永明",
    "贾巧遇": "黎秋生", "吴宗形": "韦家兴", "李东": "龚平",
    "王东峰": "苗志坚", "许勤": "廖凡", "赵一德": "尹长青", "焦彦龙": "宁振宇", "董仚生": "詹垚生",
    "高志立": "齐国梁", "刘爽": "石磊", "袁桐利": "柳成栋", "李谦": "田恺",
    "赵威": "邓锐", "四建磊": "仝振海", "王成果": "杨立新", "吴韬": "梁爽",
    "王波": "谢军", "罗剑": "孔亮", "华娟": "秦婷", "卢家荣": "钟家旺", "黄小明": "陆小军",
    "郭夏媛": "谭秋萍", "林友文": "丁有才", "穆春辉": "阮冬辉", "刘锦生": "吕德生", "蓝华辉": "蒙华强",
    "温如坤": "邹如海", "江春凤": "郝秋菊", "陈冬生": "林东来", "兰秀清": "符秀珍", "赖丽琼": "邝丽君",
    "林斯乾": "詹思远", "陈盛华": "卓盛年",
    "宋元明": "尤元清", "陈敏尔": "陆敏行", "唐良智": "钱良才",
    # Uyghur names by Uyghur names, part by part (雪克来提·扎克尔, 雪克来提扎克尔, 雪克来提)
    "雪克来提": "阿布都拉", "扎克尔": "热依木", "艾尔肯": "买买提", "吐尼亚孜": "伊力哈木", "袁蕾": "曾婷",
}
DEV3_PLACES = {
    "浙江": "安徽", "绍兴": "芜湖",
    "江苏": "湖南", "苏": "湘",
    "山东": "辽宁", "鲁": "辽", "烟台": "大连", "栖霞": "庄河",
    "河北": "陕西", "冀": "陕", "张家口": "宝鸡", "定州": "韩城", "辛集": "兴平", "雄安": "西咸",
    "hebei.cri.cn": "shaanxi.cri.cn",
    # 上杭 is named only by the gold and the source site (www.shanghang.gov.cn → 上杭县)
    "龙岩": "赣州", "上杭": "兴国", "www.shanghang.gov.cn": "www.xingguo.gov.cn",
    "重庆": "天津", "渝": "津", "綦江": "宝坻",
    "山西": "甘肃",
    "新疆维吾尔自治区": "广西壮族自治区", "新疆": "广西",
}
DEV3_ENTERPRISES = {"五彩龙": "金鼎盛", "笏山": "瑶岭", "其峰": "宏岩", "新东盛": "恒远达",
                    "松藻": "南岭", "新格": "联创"}
DEV3_SWAPS = {**NATIONAL, **DEV3_PERSONS, **DEV3_PLACES, **DEV3_ENTERPRISES}

# set → (articles, gold, swap table)
SETS = {
    "seeds": (ARTICLES, GOLD, SWAPS),
    "dev2": (CORPUS / "dev2", GOLD / "dev2", DEV2_SWAPS),
    "dev3": (CORPUS / "dev3", GOLD / "dev3", DEV3_SWAPS),
}
KEPT = {"习近平", "毛泽东"}  # persons no table swaps


def swap(text: str, table: dict) -> str:
    """Replace every key of ``table`` by its value, longest keys first, in one pass.
    Keys are matched in simplified form and so also match their traditional forms
    (王啟瑞, 王啓瑞), and forms that simplify differently (林斯乾 as 林斯干)."""
    keys = sorted({to_simplified(k): v for k, v in table.items()}.items(), key=lambda kv: len(kv[0]),
                  reverse=True)
    simplified = to_simplified(text)  # one character for one, so offsets agree
    out, i = [], 0
    while i < len(text):
        for k, v in keys:
            if simplified.startswith(k, i):
                out.append(v)
                i += len(k)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def articles_and_gold(name: str):
    """(path, text, gold) of every article of set ``name``."""
    articles, gold, _ = SETS[name]
    return [(p, p.read_text(encoding="utf-8"),
             json.loads((gold / f"{p.stem}.json").read_text(encoding="utf-8")))
            for p in sorted(articles.glob("*.txt"))]


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request):
    """The set's name, its original report and its swapped report."""
    table = SETS[request.param][2]
    original, swapped, golds, swapped_golds = [], [], [], []
    for path, text, gold in articles_and_gold(request.param):
        original.append(extract_text(text, path.stem).to_record())
        swapped.append(extract_text(swap(text, table), path.stem).to_record())
        golds.append(gold)
        swapped_golds.append(json.loads(swap(json.dumps(gold, ensure_ascii=False), table)))
    by_doc = lambda gs: {g["doc"]: g for g in gs}  # noqa: E731
    reports = score(original, by_doc(golds)), score(swapped, by_doc(swapped_golds))
    assert not reports[0].missing_gold and not reports[1].missing_gold
    return request.param, *reports


def test_swap_really_changes_the_names():
    text = (ARTICLES / "001_8357457553f7d912.txt").read_text(encoding="utf-8")
    out = swap(text, SWAPS)
    assert "唐登杰" not in out and "周立平" in out and "湖北省委" in swap("山西省委", SWAPS)
    assert swap("王東峰在河北省", DEV3_SWAPS) == "苗志坚在陕西省"
    assert swap("雪克來提·扎克爾", DEV3_SWAPS) == "阿布都拉·热依木"


@pytest.mark.parametrize("name", ["dev2", "dev3"])
def test_swap_covers_every_person_and_place(name):
    """No gold Official (but 习近平) and no gold Place keeps a name of the original."""
    table = SETS[name][2]
    for _, _, gold in articles_and_gold(name):
        for e in gold["entities"]:
            if e["type"] in ("Official", "Place") and not KEPT & set(e["names"]):
                kept = [n for n in e["names"] if match_key(swap(n, table)) == match_key(n)]
                assert not kept, f"{gold['doc']}: {e['type']} {kept} is not swapped"


@pytest.mark.parametrize("kind", ["entities", "relations"])
def test_swapped_sets_score_the_same(scores, kind):
    name, original, swapped = scores
    assert swapped.micro(kind)["f1"] == pytest.approx(original.micro(kind)["f1"], abs=0.01), (
        f"{name}\n{swapped.format()}")
