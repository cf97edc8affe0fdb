from kg.normalize import match_key, normalize
from conftest import ARTICLES


def test_pinyin_removed_and_simplified():
    n = normalize("省應(yīng)急管理廳召開黨委擴大會議")
    assert n.text == "省应急管理厅召开党委扩大会议"


def test_offsets_map_back_to_original_in_pinyin_article():
    original = (ARTICLES / "003_795bd59d1e90186d.txt").read_text(encoding="utf-8")
    n = normalize(original)
    i = n.text.index("金冬江")
    b, e = n.original_span(i, i + 3)
    assert original[b:e] == "金冬江"
    i = n.text.index("省应急管理厅")
    b, e = n.original_span(i, i + len("省应急管理厅"))
    assert original[b:e] == "省應(yīng)急管理廳"


def test_quotes_and_spaces_unified():
    assert normalize("　「两个至上」  要求\t").text == "“两个至上” 要求"


def test_match_key_follows_guidelines():
    assert match_key("“11•16”重大火灾事故") == "11·16重大火灾事故"
    assert match_key("汾河百公里中游示范区（祁县段）工程") != match_key("汾河百公里中游示范区(祁县段)工程")
    assert match_key("王啟瑞") == "王启瑞"
