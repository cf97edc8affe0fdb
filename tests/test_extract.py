"""The real pipeline on the seed articles and on hand-written sentences of the genre."""
from kg.extract import extract_text


def posts(resolved):
    return {(r.subject.canonical, r.object.canonical, t)
            for r in resolved.relations if r.predicate == "holdsPost" for t in r.titles}


def principles(resolved):
    return {e.canonical for e in resolved.entities if e.type == "Principle"}


def test_wang_qirui_in_simplified_and_traditional_articles(seeds):
    for doc in ("000_ea62d0b0afefa2f6", "004_827c7ff95fc3c37e"):
        assert ("王启瑞", "山西省应急管理厅", "厅长") in posts(seeds[doc]), doc


def test_jin_dongjiang_is_at_henan_department(seeds):
    p = posts(seeds["003_795bd59d1e90186d"])
    assert ("金冬江", "河南省应急管理厅", "厅长") in p
    assert not any(body == "山西省应急管理厅" for _, body, _ in p)


def test_officials_with_posts_on_every_seed(seeds):
    expected = {
        "000_ea62d0b0afefa2f6": ("王庄煤矿", "矿长"),
        "001_8357457553f7d912": ("山西省委", "书记"),
        "002_b1a005a795271df3": ("晋城市委", "副书记"),
        "003_795bd59d1e90186d": ("河南省应急管理厅", "党委书记"),
        "004_827c7ff95fc3c37e": ("山西省应急管理厅", "党委书记"),
    }
    for doc, (body, title) in expected.items():
        assert any(b == body and t == title for _, b, t in posts(seeds[doc])), doc


def test_quoted_principles_on_seeds(seeds):
    assert {"三管三必须", "党政同责、一岗双责、齐抓共管、失职追责", "两个至上"} <= principles(seeds["001_8357457553f7d912"])
    assert {"四不两直", "十抓安全", "隐患就是事故"} <= principles(seeds["002_b1a005a795271df3"])
    assert {"五到位", "以防为主、防抗救相结合"} <= principles(seeds["004_827c7ff95fc3c37e"])


def test_bylines_are_not_officials(seeds):
    officials = {e.canonical for e in seeds["000_ea62d0b0afefa2f6"].entities if e.type == "Official"}
    assert not officials & {"晋帅妮", "闫凤婷", "李强"}


def test_new_names_places_and_bodies():
    r = extract_text("7月3日,湖北省应急管理厅召开党组会议。厅党组书记、厅长周明远主持会议并讲话,"
                     "强调要严格落实“三管三必须”,坚持“四不两直”。", doc_id="hubei")
    assert ("周明远", "湖北省应急管理厅", "厅长") in posts(r)
    assert {"三管三必须", "四不两直"} <= principles(r)
    assert any(x.predicate == "presided" and x.subject.canonical == "周明远" for x in r.relations)


def test_bare_body_takes_the_articles_province():
    r = extract_text("会议在成都召开。四川省委书记王晓东出席。省应急管理厅厅长赵刚作部署讲话。",
                     doc_id="sichuan")
    assert ("赵刚", "四川省应急管理厅", "厅长") in posts(r)
