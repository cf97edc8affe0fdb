"""Each rule of each component, pinned by hand-written sentences of the genre that are not
in the seeds: other provinces, cities, people, enterprises and accidents."""
import pytest

from kg.components.events import find_events
from kg.components.places import find_basins, find_places
from kg.components.principles import looks_like_formula
from kg.extract import extract_text

HUNAN = "湖南省安全生产委员会召开全体会议。长沙市、株洲市、湘潭市参加。"


def ents(r, kind):
    return {e.canonical for e in r.entities if e.type == kind}


def rels(r, predicate):
    return {(x.subject.canonical, x.object.canonical) for x in r.relations if x.predicate == predicate}


def posts(r):
    return {(x.subject.canonical, x.object.canonical, t) for x in r.relations
            if x.predicate == "holdsPost" for t in x.titles}


# ----------------------------------------------------------------------------- places

@pytest.mark.parametrize("text, expected", [
    ("广东省深圳市南山区发生事故", ["广东省", "深圳市", "南山区"]),
    ("赴湖北宜昌检查", ["湖北省", "宜昌市"]),          # short forms named by their full names
    ("推广安全生产的重大理论成果", []),                  # 广安, 大理 straddle words
    ("全国综合减灾示范县创建", []),                      # 范县 inside 示范县
])
def test_places(text, expected):
    assert [d[0].name for _, _, d in find_places(text)] == expected


def test_rivers_listed_before_a_basin_and_towns_after_their_county():
    r = extract_text("青海省要紧盯湟水河、大通河、黄河等重点流域,加强澜沧江、长江流域防汛。"
                     "位于海东市乐都区雨润镇的青海恒源化工有限公司“7·3”较大爆炸事故造成2人死亡。"
                     "对雨润镇人民政府相关责任人问责。")
    assert {"湟水河", "大通河", "黄河", "澜沧江", "长江流域", "雨润镇"} <= ents(r, "Place")
    assert "长江" not in ents(r, "Place")
    assert ("青海恒源化工有限公司“7·3”较大爆炸事故", "雨润镇") in rels(r, "occurredIn")
    assert "雨润镇人民政府" in ents(r, "Body")


def test_rivers_along_which_and_zone_committees():
    r = extract_text("吉林省汪清县要提前做好嘎呀河、汪清河沿线防汛准备,密切关注海河、永定新河等河道水位。"
                     "对格尔木市应急管理局、昆仑经济技术开发区管委会相关责任人给予处分。"
                     "海西州格尔木市青海昆仑晶盐化工有限公司发生事故。州长才让东智赶赴现场。")
    assert {"嘎呀河", "汪清河", "海河", "永定新河"} <= ents(r, "Place")
    assert "新河" not in ents(r, "Place")
    assert {"昆仑经济技术开发区管委会", "青海昆仑晶盐化工有限公司"} <= ents(r, "Body")
    assert "才让东智" in ents(r, "Official")


def test_river_basins():
    t = "加强长江流域和洞庭湖流域治理,抓好沱江流域"
    assert [t[s:e] for s, e in find_basins(t)] == ["长江流域", "洞庭湖流域", "沱江流域"]


def test_counties_listed_without_their_level():
    r = extract_text("贵州省遵义市要紧盯仁怀、习水、赤水等地白酒企业,湄潭、正安等县茶叶加工企业。"
                     "加强东西、南北两个方向巡查。")
    assert {"仁怀市", "习水县", "赤水市", "湄潭县", "正安县"} <= ents(r, "Place")
    assert not {"东西", "南北"} & ents(r, "Place")
    r = extract_text("广西壮族自治区要盯紧凭祥、东兴等边境口岸,都安、大化等县山区道路。")
    assert {"凭祥市", "东兴市", "都安瑶族自治县", "大化瑶族自治县"} <= ents(r, "Place")


def test_towns_listed_together_are_towns_of_the_articles_county():
    r = extract_text("湖北省十堰市郧西县召开安委会会议。县长王涛要求,重点盯紧上津镇、涧池乡和城关镇、"
                     "夹河镇沿线;各乡镇、街道要落实责任。加油站和危化品生产储存企业。")
    assert {"上津镇", "涧池乡", "城关镇", "夹河镇"} <= ents(r, "Place")
    assert not {"各乡镇", "乡镇", "街道"} & ents(r, "Place")
    towns = [e for e in r.entities if e.canonical == "上津镇"]
    assert "郧西县" in towns[0].iri


def test_waters_named_by_themselves_or_by_what_lies_along_them():
    r = extract_text("安徽省要紧盯巢湖、淮河干流和新安江沿线,抓好青弋江沿岸和漳河当涂段防汛,加强汾河流域治理。")
    assert {"巢湖", "淮河", "新安江", "青弋江", "漳河", "汾河流域"} <= ents(r, "Place")
    assert not {"汾河", "江沿", "弋江"} & ents(r, "Place")
    assert "湘江" not in ents(extract_text("湘江港务集团有限公司召开安全生产会议。"), "Place")


def test_a_town_before_its_own_committee_and_its_deputy_head():
    r = extract_text("湖南省衡阳市祁东县。（二）白地市镇党委、镇政府未认真履行属地管理责任。\n"
                     "1.龙敏,中共党员,白地市镇党委委员、副镇长,建议给予警告处分;")
    assert "白地市镇党委" in ents(r, "Body")
    assert ("龙敏", "白地市镇人民政府", "副镇长") in posts(r)


# ----------------------------------------------------------------------------- jurisdiction

def test_bare_department_takes_the_articles_province():
    r = extract_text(HUNAN + "省应急管理厅党委书记、厅长李大伟主持会议。")
    assert ("李大伟", "湖南省应急管理厅", "厅长") in posts(r)
    assert ("李大伟", "湖南省应急管理厅", "党委书记") in posts(r)


def test_accident_elsewhere_does_not_move_the_jurisdiction():
    text = ("广东省召开安全生产电视电话会议。会议要求深刻吸取山西吕梁市永聚煤矿一办公楼火灾事故教训,"
            "山西吕梁市永聚煤矿一办公楼火灾事故造成重大伤亡。省委常委、常务副省长张国华主持会议。")
    r = extract_text(text)
    assert r.doc._.jurisdiction.province == "广东省"
    assert ("张国华", "广东省人民政府", "常务副省长") in posts(r)


def test_a_local_medium_named_by_a_county_says_where_the_article_is():
    r = extract_text("县委常委会召开会议\n来源:德清新闻网 2025-03-02\n\n县委书记沈军主持会议。县长吴江出席。")
    assert ("沈军", "德清县委", "书记") in posts(r)
    assert ("吴江", "德清县人民政府", "县长") in posts(r)


def test_a_county_level_city_that_acts_is_what_a_bare_city_means():
    r = extract_text("市应急管理局召开党组会议\n来源:瑞金市应急管理局 2025-04-02\n\n"
                     "4月1日,市应急管理局召开党组会议,传达赣州市安委会会议精神。局党组书记、局长钟华主持会议。")
    assert ("钟华", "瑞金市应急管理局", "局长") in posts(r)


def test_a_township_that_acts_in_the_headline_is_what_a_bare_township_means():
    r = extract_text("龙潭镇召开2025年安全生产工作会议\n3月5日,湖南省怀化市溆浦县龙潭镇召开安全生产工作会议。"
                     "镇党委书记向东出席会议并讲话,镇党委副书记、镇长舒婷主持会议,镇派出所所长米勇通报情况。")
    assert ("向东", "龙潭镇党委", "书记") in posts(r)
    assert ("舒婷", "龙潭镇人民政府", "镇长") in posts(r)
    assert ("米勇", "龙潭镇派出所", "所长") in posts(r)
    plain = extract_text("湖南省溆浦县召开会议。要推进乡村振兴和城镇燃气整治,各乡镇党委要落实责任。")
    assert not any(b.startswith(("乡", "镇", "各乡镇")) for b in ents(plain, "Body"))


def test_a_saved_pages_site_name_says_where_the_article_is():
    r = extract_text("保定新闻网\n首页 | 保定要闻\n\n市委书记调研安全生产\n发布时间:2025-03-02\n\n"
                     "3月2日,市委书记张强深入定州市、涿州市调研安全生产工作。\n\n涿州市委书记李明陪同。"
                     "张强在涿州市主持召开座谈会。")
    assert ("张强", "保定市委", "书记") in posts(r)


# ----------------------------------------------------------------------------- bodies

def test_the_source_site_names_the_county():
    r = extract_text("来源: https://www.anfu.gov.cn/art/2024/1/5/art_1.html\n\n"
                     "我县召开安全生产工作会议。县长刘洪涛主持会议。")
    assert r.doc._.jurisdiction.county == "安福县"
    assert ("刘洪涛", "安福县人民政府", "县长") in posts(r)


def test_the_province_that_acts_outweighs_one_often_named():
    r = extract_text("安徽省委常委会召开会议,学习浙江经验。浙江杭州、浙江宁波、浙江温州的做法值得借鉴,"
                     "浙江台州也有成效。安徽省政府主持推进。")
    assert r.doc._.jurisdiction.province == "安徽省"


def test_one_accident_reported_by_two_provinces_is_one_node():
    a = extract_text("黑龙江省鸡西市恒达煤矿“3·9”重大透水事故造成12人遇难。", "a")
    b = extract_text("内蒙古自治区召开会议,深刻吸取黑龙江鸡西市恒达煤业透水事故教训。", "b")
    iri = lambda r: {e.iri for e in r.entities if e.subtype == "Accident"}  # noqa: E731
    assert iri(a) and iri(a) == iri(b)


@pytest.mark.parametrize("text, body", [
    ("省住房和城乡建设厅副厅长周明表示", "湖南省住房和城乡建设厅"),
    ("省地方金融监管局局长陈立表示", "湖南省地方金融监管局"),      # a verb before the suffix
    ("省政府召开常务会议", "湖南省人民政府"),
    ("湘潭市应急管理局局长刘峰表示", "湘潭市应急管理局"),
])
def test_bodies(text, body):
    assert body in ents(extract_text(HUNAN + text), "Body")


def test_enterprise_inside_a_group_is_part_of_it():
    r = extract_text("淮南矿业集团谢桥煤矿矿长孙立新表示,要坚持“安全第一”。")
    assert ("谢桥煤矿", "淮南矿业集团") in rels(r, "partOf")
    assert ("孙立新", "谢桥煤矿", "矿长") in posts(r)


@pytest.mark.parametrize("text, body", [
    ("国务院安委办派出工作组赴云南省督导。", "国务院安委会办公室"),
    ("中央编办和国务院安委办联合印发通知。", "国务院安委会办公室"),
])
def test_a_national_short_form_is_one_body(text, body):
    # It ends in no body suffix though a suffix (院) is inside it: one name, not two.
    assert body in ents(extract_text(text), "Body")


def test_a_ministry_department_named_bare_after_the_ministry():
    r = extract_text("自然资源部举行新闻发布会。自然资源部新闻发言人、办公厅副主任刘宁,"
                     "国土空间生态修复司司长周远波出席发布会并回答记者提问。")
    assert "自然资源部国土空间生态修复司" in ents(r, "Body")
    assert ("周远波", "自然资源部国土空间生态修复司", "司长") in posts(r)
    assert ("自然资源部国土空间生态修复司", "自然资源部") in rels(r, "partOf")
    assert "自然资源部新闻发布会" in ents(r, "Event")
    assert ("周远波", "自然资源部新闻发布会") in rels(r, "spokeAt")


def test_units_a_group_owns_and_a_trade_word_inside_one_name():
    r = extract_text("桂东港务集团有限公司召开会议。集团与所属梧州临港化工储运有限公司、梧州港城建设有限公司"
                     "签订责任书。")
    assert "梧州临港化工储运有限公司" in ents(r, "Body")
    assert {("梧州临港化工储运有限公司", "桂东港务集团有限公司"),
            ("梧州港城建设有限公司", "桂东港务集团有限公司")} <= rels(r, "partOf")


def test_numbered_teams_a_safety_committee_sends_out():
    r = extract_text("广西壮族自治区安委会派出5个督导组。其中,第二督导组由自治区应急管理厅副厅长韦东任组长,赴桂林、梧州。")
    assert "第二督导组" in ents(r, "Body")
    assert ("第二督导组", "广西壮族自治区安委会") in rels(r, "partOf")
    assert ("韦东", "第二督导组", "组长") in posts(r)


def test_a_place_and_a_body_joined_and_words_that_end_like_suffixes():
    r = extract_text("副省长马林在庆阳市和省应急管理厅负责同志陪同下检查。学校与湖南文理学院签署协议。"
                     "集团所属陇能建材有限责任公司。镇党委书记和村(社区)干部参加。")
    bodies = ents(r, "Body")
    assert "甘肃省应急管理厅" in bodies or "省应急管理厅" in " ".join(bodies)
    assert not any("和省" in b or b.endswith("签署") or b.startswith("属") for b in bodies)
    assert "和村" not in ents(r, "Official")


def test_a_place_and_a_trade_alone_name_no_company():
    r = extract_text("陕西省煤矿安全形势平稳,但多起煤矿事故暴露问题,技改煤矿要停产整顿。铜川矿业集团召开会议。")
    bodies = ents(r, "Body")
    assert not any(b.endswith("煤矿") for b in bodies)
    assert any(b.endswith("铜川矿业集团") for b in bodies)


# ----------------------------------------------------------------------------- officials

def test_title_chain_splits_party_and_government_posts():
    r = extract_text("株洲市召开会议。株洲市委副书记、市长吴永军主持会议并讲话。")
    assert {("吴永军", "株洲市委", "副书记"), ("吴永军", "株洲市人民政府", "市长")} <= posts(r)


def test_names_listed_after_one_title_whatever_their_surnames():
    r = extract_text("内蒙古自治区兴安盟召开会议。副盟长郗海燕、宫振宇、那日苏出席会议。"
                     "压紧压实地方党委政府领导责任、部门监管责任。")
    assert {"郗海燕", "宫振宇", "那日苏"} <= ents(r, "Official")
    assert "责任" not in ents(r, "Official")


def test_name_list_after_a_title():
    r = extract_text(HUNAN + "副省长秦海峰、何文涛出席会议。")
    assert {"秦海峰", "何文涛"} <= ents(r, "Official")
    assert ("何文涛", "湖南省人民政府", "副省长") in posts(r)


def test_name_before_title_and_adverb_after_name():
    r = extract_text(HUNAN + "李振东副省长十分重视。")
    assert "李振东" in ents(r, "Official")


def test_a_name_heading_a_speech_is_an_official_named_by_its_rule():
    r = extract_text("云南省召开安全生产工作会议。\n王予波强调:\n要压实责任。会议由王予波主持。")
    heads = [m.rule for e in r.entities if e.canonical == "王予波" for m in e.mentions]
    assert heads == ["officials.speech-head", "officials.known-name"]


@pytest.mark.parametrize("text, name, body", [
    ("新疆维吾尔自治区召开安全生产会议。自治区副主席阿不都热依木·玉素甫出席会议并讲话。",
     "阿不都热依木·玉素甫", "新疆维吾尔自治区人民政府"),
    ("西藏自治区召开安全生产会议。自治区副主席洛桑江村主持会议。", "洛桑江村", "西藏自治区人民政府"),
    ("内蒙古自治区召开防汛会议。自治区副主席乌兰其其格部署全区工作。", "乌兰其其格", "内蒙古自治区人民政府"),
])
def test_a_name_without_a_han_surname_after_a_title(text, name, body):
    r = extract_text(text)
    assert name in ents(r, "Official")
    assert body in {b for n, b, _ in posts(r) if n == name}


@pytest.mark.parametrize("text, name", [
    ("市委书记额尔敦巴雅尔出席会议并讲话。", "额尔敦巴雅尔"),     # Mongolian
    ("自治区副主席罗布顿珠出席会议。", "罗布顿珠"),               # Tibetan, with a Han surname's character
    ("副县长杨秀芬、阿苏木呷参加会议。", "阿苏木呷"),             # Yi, in a list
])
def test_names_of_other_languages_by_their_position(text, name):
    assert name in ents(extract_text("青海省召开会议。" + text), "Official")


def test_short_and_full_forms_of_a_department_and_a_company_are_one_body():
    r = extract_text("丽江市林草局副局长马光辉介绍情况。市林业和草原局负责落实。"
                     "黑龙江鹤岗市鹤兴矿业集团有限公司召开会议,鹤兴矿业集团要求各矿整改。"
                     "江西赣萍陶瓷有限公司（以下简称赣萍公司）发生事故,赣萍公司董事长刘金根负有责任。")
    bodies = ents(r, "Body")
    assert "丽江市林业和草原局" not in bodies or "丽江市林草局" not in bodies
    assert not {"鹤兴矿业集团"} & bodies and "鹤兴矿业集团有限公司" in bodies
    assert ("刘金根", "江西赣萍陶瓷有限公司", "董事长") in posts(r)


def test_a_headline_meeting_without_its_scope_is_the_meeting_of_the_text():
    r = extract_text("自治区召开安全生产和防汛工作电视电话会议\n"
                     "6月3日,全区安全生产和防汛工作电视电话会议在拉萨召开。自治区副主席罗布顿珠出席会议并讲话。")
    assert len([e for e in r.entities if e.subtype == "Meeting"]) == 1


def test_inspection_teams_and_safety_committee_offices():
    r = extract_text("宁夏回族自治区安委会第二督导组安全生产督导检查情况反馈会在固原市召开。"
                     "督导组组长、自治区应急管理厅副厅长马建军反馈督导检查情况。"
                     "自治区应急管理厅厅长、自治区安委办主任郭涛通报情况。")
    assert {"宁夏回族自治区安委会第二督导组", "宁夏回族自治区安委办"} <= ents(r, "Body")
    assert ("宁夏回族自治区安委会第二督导组", "宁夏回族自治区安委会") in rels(r, "partOf")
    assert {("马建军", "宁夏回族自治区安委会第二督导组", "组长"), ("郭涛", "宁夏回族自治区安委办", "主任")} <= posts(r)
    assert any(m.endswith("反馈会") for m in ents(r, "Event"))


def test_a_company_ends_at_its_legal_form_whatever_follows():
    r = extract_text("对吉林省长白山热能设备有限公司项目负责人孙明,移送司法机关处理。")
    assert ("孙明", "吉林省长白山热能设备有限公司", "项目负责人") in posts(r)


def test_enterprise_people_listed_with_commas_and_a_deputy_chair_of_a_region():
    r = extract_text("西藏自治区召开会议。自治区党委常委、常务副主席次仁旺堆出席。"
                     "对云南滇能矿业有限公司法定代表人李国华,总经理张卫东,实际控制人陈永福依法处理。")
    assert {("次仁旺堆", "西藏自治区人民政府", "常务副主席"), ("张卫东", "云南滇能矿业有限公司", "总经理"),
            ("陈永福", "云南滇能矿业有限公司", "实际控制人")} <= posts(r)
    assert "常务" not in ents(r, "Official")


def test_a_title_names_its_own_jurisdiction():
    r = extract_text("上海市奉贤区召开会议。奉贤区区长袁罡主持。金山区副区长陆海燕出席。")
    assert {("袁罡", "奉贤区人民政府", "区长"), ("陆海燕", "金山区人民政府", "副区长")} <= posts(r)


def test_names_after_verbs_that_relay_and_names_the_lists_lacked():
    r = extract_text("会议传达学习习近平总书记重要指示精神。副市长张为民、纳宏伟、朴成浩出席。"
                     "支队党委书记、政治委员林海涛,支队长欧阳振华部署工作。"
                     "副市长、市防指常务副总指挥吴建平主持。")
    assert {"习近平", "张为民", "纳宏伟", "朴成浩", "林海涛", "欧阳振华", "吴建平"} <= ents(r, "Official")
    assert "支队" not in ents(r, "Official")


def test_name_boundaries_before_verbs_dots_and_rare_surnames():
    r = extract_text("阿勒泰地区召开会议。副县长叶尔兰·努尔兰别克出席会议并讲话。县长罗杰任副总指挥。"
                     "项目负责人宋凯关于整改的说明。局长者永福、总经理左丘明远出席。")
    officials = ents(r, "Official")
    assert {"叶尔兰·努尔兰别克", "罗杰", "宋凯", "者永福", "左丘明远"} <= officials
    assert not {"叶尔兰", "罗杰任", "宋凯关", "公司"} & officials


def test_a_dotted_name_runs_to_its_last_transliterated_part():
    r = extract_text("阿勒泰地区召开会议。地区应急管理局副局长古丽米拉·沙吾提出席会议。")
    assert "古丽米拉·沙吾提" in ents(r, "Official")


def test_a_campaign_named_by_itself_and_one_clause_of_a_formula():
    r = extract_text("湖南省娄底市恰逢全国“安全生产月”,要坚持“管生产经营必须管安全”。")
    assert "全国“安全生产月”" in ents(r, "Event")
    assert "管生产经营必须管安全" in ents(r, "Principle")


def test_a_headquarters_set_up_for_an_event_and_who_is_appointed_to_it():
    r = extract_text("火情发生后,大理州宾川县成立“4·11”森林火灾扑救前线指挥部,由州委常委杨宏伟任总指挥,"
                     "县长赵俊任副总指挥。大理高新区管委会副主任、高新区应急管理局局长段云出席。")
    hq = "“4·11”森林火灾扑救前线指挥部"
    assert {("杨宏伟", hq, "总指挥"), ("赵俊", hq, "副总指挥"), ("段云", "高新区应急管理局", "局长")} <= posts(r)
    assert "赵俊任" not in ents(r, "Official")


def test_a_section_head_of_a_mine_is_no_district_head():
    r = extract_text("贵州省纳雍县某煤矿通风区区长穆小兵被追责。")
    assert not any(b.endswith("人民政府") for _, b, _ in posts(r))


def test_a_company_by_the_start_of_its_name_and_an_interview_answer():
    r = extract_text("安徽省安庆市曙辉化工有限公司签订责任书。曙辉公司党委书记、董事长章伯年表示。\n"
                     "市应急管理局局长蓝郁琳接受采访。\n蓝郁琳：我们始终坚持人民至上、生命至上。")
    assert ("章伯年", "曙辉化工有限公司", "董事长") in posts(r)
    assert ("蓝郁琳", "两个至上") in rels(r, "emphasized")


def test_a_title_before_a_common_noun_names_no_one():
    r = extract_text("甘肃省成立以省应急管理厅为组长单位的工作组。县长会议随后召开。")
    assert not ents(r, "Official")


def test_a_name_before_a_verb_of_the_genre():
    r = extract_text("甘肃省召开安全生产电视电话会议。副省长刘长根部署全省安全生产工作。")
    assert ("刘长根", "甘肃省人民政府", "副省长") in posts(r)


def test_a_municipality_mayor_heads_its_own_government():
    r = extract_text("天津市委、市政府高度重视,陈刚书记、王强市长作出批示。")
    assert ("王强", "天津市人民政府", "市长") in posts(r)


def test_enterprise_posts_and_national_short_forms():
    r = extract_text("对广西金桂矿业有限公司法定代表人韦光明、实际控制人黄东升等5人依法追究责任。"
                     "应急部副部长宋振东、国家煤监局副局长孙大伟赶赴现场。")
    assert {("韦光明", "广西金桂矿业有限公司", "法定代表人"), ("黄东升", "广西金桂矿业有限公司", "实际控制人"),
            ("宋振东", "应急管理部", "副部长"), ("孙大伟", "国家煤矿安全监察局", "副局长")} <= posts(r)


def test_bylines_are_not_officials():
    r = extract_text(HUNAN + "省长毛伟明讲话。\n(记者 周小青 刘大伟)\n编辑:张敏")
    assert "毛伟明" in ents(r, "Official")
    assert not {"周小青", "张敏"} & ents(r, "Official")


def test_a_title_naming_a_department_of_the_party_committee():
    r = extract_text("江西省赣州市于都县召开安委会全体会议。县委常委、政法委书记钟华出席,"
                     "县委常委、组织部部长温婷参加。局长阿不都热合曼·吐尔逊表示,")
    assert ("钟华", "于都县委政法委", "书记") in posts(r)
    assert ("钟华", "于都县委", "常委") in posts(r)
    assert ("温婷", "于都县委组织部", "部长") in posts(r)
    assert "阿不都热合曼·吐尔逊" in ents(r, "Official")


def test_a_group_named_by_its_kind_alone_is_the_first_such_enterprise():
    r = extract_text("桂东港务集团有限公司召开安全生产工作会议。集团与所属防城港码头有限公司签订责任书。"
                     "集团党委书记、董事长韦明出席会议并讲话。")
    assert ("韦明", "桂东港务集团有限公司", "董事长") in posts(r)


def test_a_court_before_its_presidents_title_and_a_yi_name():
    r = extract_text("宜宾市召开会议。市中级人民法院院长罗明,市人民检察院检察长阿苏出席。"
                     "市委副书记、市长吉克阿支任总指挥。")
    assert ("罗明", "宜宾市中级人民法院", "院长") in posts(r)
    assert ("吉克阿支", "宜宾市人民政府", "市长") in posts(r)


def test_a_governments_office_is_a_body_a_bureaus_is_not():
    r = extract_text("云南省丘北县召开会议。县政府办公室主任李鹏,县林草局办公室主任张敏,"
                     "文山军分区副司令员王刚出席会议。丘北县锦华酒楼发生火灾。")
    assert ("李鹏", "丘北县人民政府办公室", "主任") in posts(r)
    assert ("张敏", "丘北县林草局", "办公室主任") in posts(r)
    r2 = extract_text("云南省丘北县召开会议。县纪委监委驻县应急管理局纪检监察组组长陶然参加。")
    assert ("陶然", "丘北县纪委监委驻县应急管理局纪检监察组", "组长") in posts(r2)
    assert ("王刚", "文山军分区", "副司令员") in posts(r)
    assert "锦华酒楼" in ents(r, "Body")


def test_a_short_company_name_before_a_project_title():
    r = extract_text("施工单位湖南宏远建设工程有限公司未按方案施工。对宏远建设公司项目经理周平移送司法机关。")
    assert ("周平", "湖南宏远建设工程有限公司", "项目经理") in posts(r)


def test_a_numbered_list_of_persons_each_with_their_posts():
    r = extract_text("（二）建议给予党纪政务处分人员\n1.资永红,中共党员,祁阳市应急管理局党组成员、副局长,建议给予政务记过处分;\n"
                     "2.邝敏,祁阳市应急管理局危险化学品安全监督管理股股长,建议给予政务记大过处分。")
    assert ("资永红", "祁阳市应急管理局", "副局长") in posts(r)
    assert ("资永红", "祁阳市应急管理局", "党组成员") in posts(r)
    assert any(p == "邝敏" and t == "股长" for p, _, t in posts(r))


def test_a_signed_article_names_its_author_at_the_end():
    r = extract_text("筑牢安全生产防线\n黑河日报\n\n宓长青\n\n一要坚持人民至上、生命至上。\n"
                     "二要压实“三管三必须”。\n(作者系黑河市应急管理局党组书记、局长)")
    assert ("宓长青", "黑河市应急管理局", "局长") in posts(r)
    assert {("宓长青", "两个至上"), ("宓长青", "三管三必须")} <= rels(r, "emphasized")


def test_a_group_named_as_the_group_company():
    r = extract_text("湘能能源集团有限责任公司关于两起事故的通报\n事故发生后,集团公司党委书记、董事长仉守仁作出批示。")
    assert ("仉守仁", "湘能能源集团有限责任公司", "董事长") in posts(r)
    assert "集团公司" not in ents(r, "Body")


def test_a_banner_is_a_county_and_a_study_session_held_by_a_party_group():
    r = extract_text("扎赉特旗召开安全生产会议\n3月2日,扎赉特旗召开会议。旗委副书记、旗长包·巴雅尔主持会议,"
                     "旗应急管理局局长沃建华参加。")
    assert ("包·巴雅尔", "扎赉特旗人民政府", "旗长") in posts(r)
    assert ("沃建华", "扎赉特旗应急管理局", "局长") in posts(r)
    r = extract_text("1月8日,市应急管理局党组召开理论学习中心组学习会。局长沃建平主持会议。")
    assert ("沃建平", "市应急管理局党组理论学习中心组学习会") in rels(r, "presided")


def test_a_bare_mayor_after_a_committee_or_a_listed_official_of_a_place():
    r = extract_text("湖北省应急管理厅厅长滑建军检查。孝感市委常委、副市长逄明,汉川市委副书记、市长万军陪同。"
                     "宜宾市委书记贾东、市长麻青赶到现场。扎兰屯市“11·3”居民住宅火灾造成2人死亡。")
    assert ("万军", "汉川市人民政府", "市长") in posts(r)
    assert ("麻青", "宜宾市人民政府", "市长") in posts(r)
    assert ("逄明", "孝感市人民政府", "副市长") in posts(r)
    assert any(e.endswith("居民住宅火灾") for e in ents(r, "Event"))


def test_bare_titles_listed_after_a_named_post_keep_its_body_and_rare_surnames():
    r = extract_text("华亭煤业集团有限责任公司召开会议。集团公司党委书记、董事长荆永祥主持会议并讲话,"
                     "党委副书记、总经理邸宁,党委委员、副总经理蔚海波,县长暴宏伟出席。")
    assert ("邸宁", "华亭煤业集团有限责任公司", "总经理") in posts(r)
    assert ("蔚海波", "华亭煤业集团有限责任公司", "副总经理") in posts(r)
    assert "暴宏伟" in ents(r, "Official")


def test_a_name_after_a_title_whose_surname_no_list_holds():
    r = extract_text("延边州召开会议。州应急管理局副局长妫海涛,州林草局局长郇丽出席。市长表示,县长带队检查,"
                     "市委常委会审议通过,组长小组成员参加。")
    assert {"妫海涛", "郇丽"} <= ents(r, "Official")
    assert not {"表示", "带队", "会审议", "小组"} & ents(r, "Official")


# ----------------------------------------------------------------------------- events

def test_joined_meeting_is_one_meeting():
    t = "省委常委会扩大会议暨全省深入开展安全生产大检查工作会议召开"
    (event,) = [e.names for e in find_events(t)]
    assert event[0] == "省委常委会扩大会议暨全省深入开展安全生产大检查工作会议"
    assert "省委常委会扩大会议" in event


def test_accident_with_a_date_code_and_its_place_and_enterprise():
    r = extract_text("深刻吸取湘潭市雨湖区宏达化工“6·13”重大爆炸事故教训。")
    (accident,) = [e for e in r.entities if e.type == "Event"]
    assert accident.subtype == "Accident" and "“6·13”重大爆炸事故" in accident.canonical
    assert rels(r, "occurredIn") == {(accident.canonical, "雨湖区")}
    assert (accident.canonical, "宏达化工") in rels(r, "involves")


def test_accident_without_date_code_needs_a_place_and_a_kind():
    assert [e.names[0] for e in find_events("坚决遏制重特大事故发生")] == []


def test_campaigns_and_plenums():
    names = [e.names[0] for e in find_events("深入推进安全生产治本攻坚三年行动,学习二十届二中、三中全会精神")]
    assert "安全生产治本攻坚三年行动" in names
    assert {"二十届二中全会", "二十届三中全会"} <= set(names)


def test_campaign_lists_are_one_event_each():
    r = extract_text("云南省部署开展“铁拳”行动、百日攻坚行动和安全生产“回头看”,"
                     "全面推进燃气、消防、危化品专项整治。")
    assert {"“铁拳”行动", "百日攻坚行动", "安全生产“回头看”", "燃气专项整治", "消防专项整治",
            "危化品专项整治"} <= ents(r, "Event")
    assert not any("、" in name for name in ents(r, "Event"))


def test_a_list_cut_before_its_first_item_names_no_empty_campaign():
    # Found by tests/test_property.py: text that starts at a 、 of a list.
    r = extract_text("贵州省安全生产形势总体平稳。、安全责任大落实专项行动")
    campaigns = [e for e in r.entities if e.subtype == "Campaign"]
    assert [e.canonical for e in campaigns] == ["安全责任大落实专项行动"]
    assert all(m.begin < m.end for e in r.entities for m in e.mentions)


def test_two_bodies_joined_by_a_conjunction_are_two():
    r = extract_text("云南省委和省政府召开专题会议。昆明市总工会和禄劝县政府为成员单位。")
    assert {"云南省委", "云南省人民政府", "昆明市总工会", "禄劝彝族苗族自治县人民政府"} <= ents(r, "Body")
    assert not any("和" in name for name in ents(r, "Body"))


def test_campaigns_with_their_verbs_quotes_and_scopes():
    r = extract_text("柳州市同步开展城镇燃气安全“铁拳”行动、危险化学品企业“利剑”执法行动,"
                     "开展道路交通“百日安全行动”,以“零容忍”态度开展打击非法违法采煤专项行动,"
                     "对照省、市安全生产大检查要求抓好落实。露天煤矿、坚决防范煤矿事故、退出煤矿。")
    assert {"城镇燃气安全“铁拳”行动", "危险化学品企业“利剑”执法行动", "道路交通“百日安全行动”",
            "打击非法违法采煤专项行动", "安全生产大检查"} <= ents(r, "Event")
    assert not ents(r, "Body")


def test_meetings_named_by_their_kind_and_cut_at_another_scope():
    r = extract_text("天津市召开防汛防台风专题会商会。应急管理部召开10月例行新闻发布会。"
                     "会议传达学习重要指示精神和全国安全生产电视电话会议精神。")
    meetings = ents(r, "Event")
    assert {"防汛防台风专题会商会", "全国安全生产电视电话会议"} <= meetings
    assert any(m.endswith("新闻发布会") for m in meetings)
    assert not any("精神和" in m for m in meetings)


def test_list_numbers_scopes_and_verbs_are_not_part_of_names():
    r = extract_text("广西壮族自治区部署:(一)危险化学品“清源”专项执法行动;(二)烟花爆竹“利剑”专项行动。"
                     "全县非煤矿山企业要自查。对广西荣昌建设工程有限公司处以罚款。")
    assert {"危险化学品“清源”专项执法行动", "烟花爆竹“利剑”专项行动"} <= ents(r, "Event")
    assert not any(b.endswith("处") or "非煤矿" in b for b in ents(r, "Body"))


def test_a_quoted_formula_names_one_campaign_and_categories_are_no_bodies():
    r = extract_text("梅州市开展“除隐患、保平安”消防安全专项行动,检查全县危化品生产储存企业和加油站,"
                     "全县煤矿和非煤矿山。")
    assert "“除隐患、保平安”消防安全专项行动" in ents(r, "Event")
    assert not any("和" in b for b in ents(r, "Body"))


def test_campaigns_differing_by_scope_and_year_are_one():
    r = extract_text("开展全省重大事故隐患专项排查整治行动。持续开展重大事故隐患专项排查整治2023行动。")
    assert len([e for e in r.entities if e.type == "Event"]) == 1


def test_a_study_session_is_a_meeting_named_without_the_verb_inside():
    r = extract_text("5月9日,黄冈市住房和城乡建设局党组理论学习中心组举行2024年第五次集中学习（扩大）。"
                     "局党组书记、局长汪建华主持学习并讲话,党组成员、副局长石磊结合分管工作,"
                     "围绕建筑施工安全作交流发言,市委党校副教授吕晴作专题辅导。")
    name = "黄冈市住房和城乡建设局党组理论学习中心组2024年第五次集中学习(扩大)"
    assert name in ents(r, "Event")
    assert not any("举行" in e for e in ents(r, "Event"))
    assert ("汪建华", name) in rels(r, "presided")
    assert {("石磊", name), ("吕晴", name)} <= rels(r, "spokeAt")


def test_a_later_clause_is_not_the_subjects_role_after_speech():
    r = extract_text("盐城市召开安全生产工作会议。市长周斌强调,要组织企业负责人参加培训并交流发言。")
    assert ("周斌", "盐城市安全生产工作会议") not in rels(r, "attended")


def test_a_warning_education_assembly_is_a_meeting():
    r = extract_text("全市安全生产警示教育大会召开\n5月14日,牡丹江市召开全市安全生产警示教育大会。市长王峰出席并讲话。")
    assert any(e.endswith("警示教育大会") for e in ents(r, "Event"))
    assert any(s == "王峰" for s, _ in rels(r, "spokeAt"))


def test_a_meeting_named_by_its_kind_alone_is_the_headlines_meeting():
    r = extract_text("张掖市森林防火工作新闻发布会\n\n5月9日,市政府新闻办举行新闻发布会,介绍全市森林防火工作情况。"
                     "市林草局局长马骏出席发布会并回答记者提问。今年“安全生产月”活动期间组织“安全宣传咨询日”活动。\n"
                     "上一篇:张掖市文旅工作新闻发布会")
    assert ("马骏", "张掖市森林防火工作新闻发布会") in rels(r, "spokeAt")
    events = ents(r, "Event")
    assert "新闻发布会" not in events
    assert {"“安全生产月”活动", "“安全宣传咨询日”活动"} <= events
    assert not any(e.startswith(("介绍", "今年", "组织")) for e in events)


def test_where_the_text_tells_an_accident_happening():
    r = extract_text("岳阳市安委办关于近期两起事故的通报\n"
                     "（一）华容县“4·3”较大道路交通事故。4月3日,岳阳顺达物流有限公司一辆货车行驶至华容县"
                     "治河渡镇时侧翻,造成3人死亡。\n"
                     "（二）平江县“4·9”火灾事故。4月9日,平江县安定镇一家具厂起火。\n")
    assert ("华容县“4·3”较大道路交通事故", "治河渡镇") in rels(r, "occurredIn")
    assert ("华容县“4·3”较大道路交通事故", "岳阳顺达物流有限公司") in rels(r, "involves")
    assert ("平江县“4·9”火灾事故", "安定镇") in rels(r, "occurredIn")
    one = extract_text("湘潭县“6·1”较大爆炸事故调查报告\n2024年6月1日,位于湘潭县易俗河镇的湘潭新兴化工有限公司"
                       "合成车间发生一起爆炸事故,造成3人死亡。")
    (accident,) = [e.canonical for e in one.entities if e.type == "Event"]
    assert (accident, "易俗河镇") in rels(one, "occurredIn")
    assert (accident, "湘潭新兴化工有限公司") in rels(one, "involves")


def test_a_meeting_named_without_its_number_or_after_a_by_line():
    r = extract_text("王宁主持召开省政府常务会议\n3月2日,省长王宁主持召开省政府第二十一次常务会议。")
    meetings = ents(r, "Event")
    assert len(meetings) == 1 and "第二十一次" in meetings.pop()
    r = extract_text("新华社南宁6月1日电(记者 韦华)广西2025年“安全生产月”活动启动仪式1日在南宁举行。"
                     "自治区应急管理厅厅长黄强主持启动仪式。")
    assert "广西2025年“安全生产月”活动启动仪式" in ents(r, "Event")
    assert ("黄强", "广西2025年“安全生产月”活动启动仪式") in rels(r, "presided")


def test_an_accident_explained_and_a_group_that_holds_a_meeting():
    r = extract_text("会议通报了衡阳市“5·2”事故情况:衡阳市“5·2”较大火灾事故系衡阳市鑫源家具有限公司"
                     "仓库电气线路短路引发火灾。")
    (accident,) = [e.canonical for e in r.entities if e.type == "Event"]
    assert (accident, "鑫源家具有限公司") in rels(r, "involves")
    r = extract_text("湘江港务集团有限公司召开安全生产会议\n集团召开2025年安全生产工作会议。集团董事长罗成主持会议。")
    assert any(b == "湘江港务集团有限公司" for b, _ in rels(r, "convened"))


def test_an_accident_of_two_kinds_joined_by_and_is_one_name():
    r = extract_text("自贡市荣县川晶化工有限公司“7·26”较大中毒和窒息事故调查报告")
    (accident,) = [e.canonical for e in r.entities if e.type == "Event"]
    assert accident.endswith("“7·26”较大中毒和窒息事故") and accident.startswith("自贡市")
    r = extract_text("扎鲁特旗召开会议。旗委常委、常务副旗长佟春生,旗政府党组成员、办公室主任高磊出席。")
    assert ("佟春生", "扎鲁特旗人民政府", "常务副旗长") in posts(r)
    assert ("高磊", "扎鲁特旗人民政府办公室", "主任") in posts(r)


def test_an_accident_referred_back_to_and_a_headline_without_the_year():
    r = extract_text("全省安全生产工作会议召开\n1月9日,2026年全省安全生产工作会议在南宁召开。省长韦明出席并讲话。"
                     "会议通报了巴马县“12·6”较大道路交通事故。该起事故中,巴马县顺风客运有限公司一辆客车超员。")
    meetings = [e for e in r.entities if e.type == "Event" and e.subtype == "Meeting"]
    assert len(meetings) == 1 and meetings[0].canonical.startswith("2026年")
    accident = next(e.canonical for e in r.entities if e.type == "Event" and e.subtype == "Accident")
    assert (accident, "顺风客运有限公司") in rels(r, "involves") or \
        (accident, "巴马县顺风客运有限公司") in rels(r, "involves")


def test_a_meeting_named_in_the_pages_breadcrumbs_is_not_the_articles():
    r = extract_text("当前位置：首页 > 政务公开 > 政府会议\n旗政府召开第12次常务会议\n"
                     "3月1日,旗长王明主持召开旗政府第12次常务会议。")
    assert "政府会议" not in ents(r, "Event")


# ----------------------------------------------------------------------------- principles

@pytest.mark.parametrize("content, after, expected", [
    ("三查三看", "要求", True),          # numeral-led, not in the thesaurus
    ("稳增长、防风险、保安全", "工作", True),
    ("一把手", "负总责", False),
    ("两会", "期间", False),
    ("十四五", "规划", False),
    ("平安湖南", "建设工程", False),
])
def test_formula_patterns(content, after, expected):
    assert looks_like_formula(content, after) is expected


def test_a_quoted_phrase_named_as_a_kind_of_formula_and_the_work_safety_law():
    r = extract_text("宁夏回族自治区召开安全生产会议,要求牢固树立“全域一体”思想,坚持安全第一、预防为主,"
                     "发挥“头雁”作用。")
    assert {"全域一体", "安全第一、预防为主、综合治理"} <= ents(r, "Principle")
    assert "头雁" not in ents(r, "Principle")


def test_thesaurus_long_form_is_the_short_concept():
    r = extract_text("要始终坚持人民至上、生命至上。")
    assert "两个至上" in ents(r, "Principle")


def test_quoted_list_is_not_split_by_a_thesaurus_label_inside():
    r = extract_text("要坚持“稳中求进、以进促稳、先立后破”。")
    assert ents(r, "Principle") == {"稳中求进、以进促稳、先立后破"}


def test_a_couplet_of_parallel_phrases_is_one_formula():
    r = extract_text("市长李明指出,“一厂出事故、万厂受教育,一地有隐患、全国受警示”。")
    assert any(p.startswith("一厂出事故、万厂受教育") for p in ents(r, "Principle"))


def test_a_pronoun_speaks_for_the_subject_of_the_sentence_before():
    r = extract_text("在汝城县金鑫矿业,副省长陈飞听取了矿长朱亮的汇报。他指出,要坚持“两个至上”。")
    assert ("陈飞", "两个至上") in rels(r, "emphasized")
    assert ("朱亮", "两个至上") not in rels(r, "emphasized")


def test_the_author_of_a_speech_spoke_at_the_meeting_of_its_headline():
    r = extract_text("在全市安全生产和防汛工作会议上的讲话(摘要)\n市委书记 孙志刚\n\n"
                     "同志们:我们必须牢记习近平总书记“发展决不能以牺牲人的生命为代价”的重要指示。")
    assert ("孙志刚", "全市安全生产和防汛工作会议") in rels(r, "spokeAt")
    assert "习近平" in ents(r, "Official")
    assert ("孙志刚", "发展决不能以牺牲人的生命为代价") in rels(r, "emphasized")


def test_a_speaker_in_a_later_paragraph_speaks_at_the_meeting_held():
    r = extract_text("6月3日,省长刘强主持召开省政府第十次常务会议,研究安全生产工作。\n\n"
                     "刘强强调,要坚持“两个至上”。\n\n会议还研究了其他事项。")
    assert ("刘强", "省政府第十次常务会议") in rels(r, "spokeAt")


def test_a_quoted_formula_committed_to_or_listing_parallel_phrases():
    r = extract_text("副省长马林强调,企业要坚决做到“不安全不生产”,落实市委提出的“控大风险、除大隐患、防大事故”要求。"
                     "州长字云峰出席。")
    assert {"不安全不生产", "控大风险、除大隐患、防大事故"} <= ents(r, "Principle")
    assert "字云峰" in ents(r, "Official")


def test_a_campaigns_theme_is_a_formula():
    r = extract_text("今年“安全生产月”活动主题为“人人讲安全、个个会应急——查找身边的隐患”。副县长马岚来到城南加油站检查。")
    assert "人人讲安全、个个会应急——查找身边的隐患" in ents(r, "Principle")
    assert not any(b.startswith("来到") or "马岚" in b for b in ents(r, "Body"))


# ----------------------------------------------------------------------------- relations

def test_a_meeting_name_lists_its_topics_but_not_other_meetings():
    r = extract_text("青海省防汛抗旱、地质灾害防治暨安全生产工作视频会议召开。"
                     "会议传达了全国安全生产电视电话会议、全省应急管理工作会议精神。")
    meetings = ents(r, "Event")
    assert "青海省防汛抗旱、地质灾害防治暨安全生产工作视频会议" in meetings
    assert {"全国安全生产电视电话会议", "全省应急管理工作会议"} <= meetings
    assert not any("、全省" in m or "会议、" in m for m in meetings)


def test_a_meeting_form_or_a_generic_reference_is_no_meeting():
    r = extract_text("江西省安全生产工作会议以视频会议形式召开,传达上级会议精神。")
    assert ents(r, "Event") == {"江西省安全生产工作会议"}


def test_roles_go_to_the_meeting_held_not_the_one_watched():
    r = extract_text("在收听收看全省安全生产视频会议后,我市紧接着召开全市安全生产工作会议。"
                     "市委书记覃卫国出席并讲话,市长韦丽春主持。市领导蒙文华、黄少军,各县区主要负责人等参加。")
    held = "全市安全生产工作会议"
    assert "收听收看全省安全生产视频会议" not in ents(r, "Event")
    assert {("覃卫国", held), ("蒙文华", held), ("黄少军", held)} <= rels(r, "attended")
    assert ("韦丽春", held) in rels(r, "presided")


def test_speaking_at_a_named_meeting_and_a_verb_of_speaking_after_a_name():
    r = extract_text("省委书记冯志远在海南省安全生产电视电话会议上强调:要压实责任。\n"
                     "会议在海口召开。副省长林春雷部署全省安全生产工作。")
    assert {("冯志远", "海南省安全生产电视电话会议"), ("林春雷", "海南省安全生产电视电话会议")} <= rels(r, "spokeAt")


def test_a_convener_with_the_date_before_its_cue():
    r = extract_text("吉林省人民政府3月2日召开全省安全生产工作会议。")
    assert ("吉林省人民政府", "全省安全生产工作会议") in rels(r, "convened")


def test_an_accident_spoken_of_at_the_meeting():
    r = extract_text("辽宁省安全生产电视电话会议在沈阳召开。省委书记郝建国在会议上强调,"
                     "要从抚顺市“4·12”较大爆炸事故中深刻汲取教训。")
    assert ("辽宁省安全生产电视电话会议", "抚顺市“4·12”较大爆炸事故") in rels(r, "respondsTo")
    assert ("郝建国", "辽宁省安全生产电视电话会议") in rels(r, "spokeAt")


def test_a_verb_that_opens_like_a_name_is_no_name():
    r = extract_text("今年也是纪念毛主席批示60周年。")
    assert not ents(r, "Official")


def test_an_instruction_speaks_with_its_authors_voice():
    r = extract_text("广西壮族自治区召开安全生产电视电话会议。自治区党委书记刘宁作出批示。"
                     "批示指出:要坚持人民至上、生命至上,统筹发展和安全。")
    assert {("刘宁", "两个至上"), ("刘宁", "统筹发展和安全")} <= rels(r, "emphasized")


def test_bodies_that_act_emphasise_what_the_next_clause_adheres_to():
    r = extract_text("事故发生后,甘肃省委、省政府成立现场指挥部,坚持人民至上、生命至上,全力搜救。")
    assert {("甘肃省委", "两个至上"), ("甘肃省人民政府", "两个至上")} <= rels(r, "emphasized")


def test_a_speaker_in_the_paragraph_of_the_meeting_held_speaks_at_it():
    r = extract_text("3月2日,南宁市政府召开全市安全生产工作会议。市委副书记、市长农生文强调,要压实责任。")
    assert ("农生文", "全市安全生产工作会议") in rels(r, "spokeAt")


def test_a_mine_of_a_company_named_with_its_place_and_the_accident_there():
    r = extract_text("黑龙江龙煤矿业集团股份有限公司鸡西市杏花煤矿“11·17”较大透水事故调查报告公布。"
                     "中央领导同志高度重视。输送带更换安装厂家到场。")
    assert ("杏花煤矿", "黑龙江龙煤矿业集团股份有限公司") in rels(r, "partOf")
    assert ("黑龙江龙煤矿业集团股份有限公司鸡西市杏花煤矿“11·17”较大透水事故", "杏花煤矿") in rels(r, "involves")
    assert not {"党中央", "换安装厂"} & ents(r, "Body")


def test_the_author_named_under_a_speech_headline_speaks_it_all():
    r = extract_text("在全市安全生产工作会议上的讲话(摘要)\n市委书记　方国强\n(2025年3月12日)\n\n同志们:\n\n"
                     "一要提高政治站位,始终坚持人民至上、生命至上。\n二要压实责任,严格落实“三管三必须”。", "jms")
    assert {("方国强", "两个至上"), ("方国强", "三管三必须")} <= rels(r, "emphasized")


def test_meetings_a_page_links_to_are_not_the_articles():
    r = extract_text("1月15日,县委常委、常务副县长古志雄带队检查。蓝永坚参加。\n\n"
                     "上一篇：蕉岭县部署春节期间安全生产工作\n下一篇：兴宁市召开森林防灭火工作会议\n\n"
                     "相关阅读\n· 梅州市召开全市安全生产电视电话会议\n· 大埔县开展危化品企业安全检查\n", "mz")
    assert not rels(r, "attended") and not rels(r, "presided")


def test_meeting_speaks_when_it_is_the_subject():
    r = extract_text(HUNAN + "会议强调,要严格落实“三管三必须”。")
    assert ("湖南省安全生产委员会全体会议", "三管三必须") in rels(r, "emphasized") or \
        any(p == "三管三必须" and "会议" in s for s, p in rels(r, "emphasized"))


def test_official_speaks_and_relayed_words_do_not():
    r = extract_text(HUNAN + "省长毛伟明指出,要坚持“四不两直”。认真落实李强总理批示要求,坚持“两个至上”。")
    assert ("毛伟明", "四不两直") in rels(r, "emphasized")
    assert ("毛伟明", "两个至上") in rels(r, "emphasized")
    assert not any(s == "李强" for s, _ in rels(r, "emphasized"))


def test_convened_presided_spoke():
    r = extract_text("湖南省应急管理厅召开党委扩大会议。厅党委书记、厅长王振华主持会议并讲话。")
    assert ("湖南省应急管理厅", "党委扩大会议") in rels(r, "convened")
    assert ("王振华", "党委扩大会议") in rels(r, "presided")
    assert ("王振华", "党委扩大会议") in rels(r, "spokeAt")


def test_reported_speech_is_not_spoke_at():
    r = extract_text(HUNAN + "省长毛伟明出席会议,传达习近平总书记重要讲话精神。")
    assert not any(s == "习近平" for s, _ in rels(r, "spokeAt"))


def test_autonomous_region_bodies_and_posts():
    r = extract_text("宁夏回族自治区召开会议。自治区党委书记梁言顺、自治区主席张雨浦第一时间赶赴现场。"
                     "自治区应急管理厅厅长马勇表示,要坚持“两个至上”。")
    assert {("梁言顺", "宁夏回族自治区党委", "书记"), ("张雨浦", "宁夏回族自治区人民政府", "自治区主席"),
            ("马勇", "宁夏回族自治区应急管理厅", "厅长")} <= posts(r)


def test_officials_listed_before_the_cue_all_attend():
    r = extract_text("江苏省委常委会召开会议。省委副书记、省长许昆林,省委常委、常务副省长马欣出席会议。")
    assert {"许昆林", "马欣"} <= {s for s, _ in rels(r, "attended")}


def test_an_accident_is_not_named_by_what_happened():
    names = [e.names[0] for e in find_events("银川市兴庆区富洋烧烤店发生一起燃气爆炸事故,造成31人死亡")]
    assert not any("发生" in n for n in names)


def test_city_meeting_named_in_headline_and_body_is_one():
    r = extract_text("郭永航主持召开市委常委会会议\n3月2日,广州市委常委会召开会议,市委书记郭永航主持会议。")
    meetings = [e for e in r.entities if e.type == "Event"]
    assert len(meetings) == 1 and "广州市委常委会会议" in meetings[0].names
    assert ("郭永航", meetings[0].canonical) in rels(r, "presided")


def test_city_enterprise_keeps_its_city_and_sits_in_the_meeting():
    r = extract_text("广州市召开安全生产工作会议。市领导陈杰参加会议,广州地铁集团董事长丁建隆列席会议。")
    assert ("丁建隆", "广州地铁集团", "董事长") in posts(r)
    assert {"陈杰", "丁建隆"} <= {s for s, _ in rels(r, "attended")}


def test_dated_accident_name_starts_at_its_first_place():
    t = "由区应急管理局牵头组成从化区街口街府前社区微改造项目(一期)“11·27”施工挖穿燃气管道一般事故调查组"
    r = extract_text(t)
    (accident,) = [e for e in r.entities if e.type == "Event"]
    assert accident.canonical.startswith("从化区街口街府前社区")


def test_bare_deputy_title_is_in_the_body_named_before():
    r = extract_text("应急管理部副部长、国家矿山安全监察局局长黄玉治,副局长黄锦生多次视频指挥调度。")
    assert ("黄锦生", "国家矿山安全监察局", "副局长") in posts(r)


def test_this_plenum_is_the_numbered_one():
    r = extract_text("研究落实省委十二届四次全会精神。会议指出,这次省委全会专题部署城乡融合发展。")
    assert len([e for e in r.entities if e.type == "Event"]) == 1


def test_short_campaign_name_is_the_long_one():
    r = extract_text("扎实开展安全生产治本攻坚三年行动。要把治本攻坚三年行动抓实抓细。")
    assert len([e for e in r.entities if e.type == "Event"]) == 1


def test_stationed_discipline_group_is_one_body_beside_its_commission_and_host():
    r = extract_text("湖北省应急管理厅召开党委会议。厅党委书记、厅长钱卫平主持会议,"
                     "驻厅纪检监察组组长芮红梅出席会议。")
    assert ("芮红梅", "驻湖北省应急管理厅纪检监察组", "组长") in posts(r)
    r = extract_text("江西省应急管理厅召开会议。省纪委监委驻省应急管理厅纪检监察组组长甘立新出席会议。")
    assert ("甘立新", "江西省纪委监委驻省应急管理厅纪检监察组", "组长") in posts(r)
    assert not any("驻" in b and not b.endswith("纪检监察组") for b in ents(r, "Body"))
    assert not rels(r, "partOf")


def test_ethnic_township_and_minority_surname_and_invited_guest():
    r = extract_text("阿拉善左旗召开会议。对巴润别立镇、乌力吉苏木境内矿山开展检查。"
                     "云南省召开会议。副省长刀美华和省直有关部门参加会议。"
                     "巴彦淖尔市能源局副局长计春兰应邀参加会议。")
    assert {"乌力吉苏木", "巴润别立镇"} <= ents(r, "Place")
    assert {"刀美华", "计春兰"} <= ents(r, "Official")


def test_county_named_with_its_level_twice_is_the_same_committee():
    r = extract_text("沛县召开会议。沛县县委书记孔德明,县委副书记、县长邬海军出席。沛县县政府副县长闵强参加。")
    assert ("邬海军", "沛县委", "副书记") in posts(r) and ("孔德明", "沛县委", "书记") in posts(r)
    assert ("闵强", "沛县人民政府", "副县长") in posts(r)
    assert "沛县县委" not in ents(r, "Body")


def test_state_organ_named_by_its_places_short_form_is_the_full_named_one():
    r = extract_text("楚雄州应急管理局召开会议。州应急管理局局长殷建华主持会议。楚雄州委副书记普文出席。"
                     "州住房城乡建设局举办2025年全州城镇燃气安全管理培训班,副局长李光荣主持开班式。")
    assert "楚雄州应急管理局" not in ents(r, "Body")
    assert ("殷建华", "楚雄彝族自治州应急管理局", "局长") in posts(r)
    assert ("普文", "楚雄彝族自治州委", "副书记") in posts(r)
    assert "2025年全州城镇燃气安全管理培训班" in ents(r, "Event")
    assert ("楚雄彝族自治州应急管理局", "楚雄州应急管理局会议") in rels(r, "convened")


def test_mongolian_name_ending_in_he_and_xinjiang_prefecture_party_committee():
    r = extract_text("锡林郭勒盟能源集团召开会议。集团公司党委书记、董事长、安委会主任朝格图孟和出席并讲话,"
                     "盟能源局副局长乌云其木格应邀参加会议。")
    assert {"朝格图孟和", "乌云其木格"} <= ents(r, "Official")
    assert "安委会" not in ents(r, "Official")
    r = extract_text("伊犁州召开会议。州党委书记阿力木出席,州党委宣传部副部长热依拉·吐尔洪主持发布会。")
    assert ("阿力木", "伊犁哈萨克自治州党委", "书记") in posts(r)
    assert "热依拉·吐尔洪" in ents(r, "Official")


def test_summons_and_review_meetings_and_related_links_are_not_the_articles():
    r = extract_text("赣州市安委会约谈兴国县\n4月3日,市安委会召开安全生产约谈会,就兴国县鑫达矿业有限公司"
                     "“3·28”较大坍塌事故进行约谈。常务副市长邬建明出席并讲话,市应急管理局局长巫晓东主持约谈会。\n"
                     "演练结束后,县森林防灭火指挥部召开演练总结点评会,会议由副县长甘丽清主持。\n"
                     "相关阅读:\n· 市委常委会召开会议 研究部署防汛工作")
    assert ("巫晓东", "安全生产约谈会") in rels(r, "presided")
    assert ("赣州市安委会", "安全生产约谈会") in rels(r, "convened")
    assert "演练总结点评会" in ents(r, "Event")
    assert not any("常委会" in e for e in ents(r, "Event"))


def test_a_study_session_held_by_its_group_is_the_main_meeting():
    r = extract_text("市委理论学习中心组举行专题学习会\n3月5日,市委理论学习中心组举行2026年第二次专题学习会。"
                     "市委书记蔺海川主持并讲话。\n相关阅读:\n· 市委常委会召开会议 研究部署安全生产工作")
    assert ("蔺海川", "市委理论学习中心组2026年第二次专题学习会") in rels(r, "presided")


def test_numbered_persons_of_any_surname_ministry_and_enterprise_units():
    r = extract_text("凉山州美姑县“6·2”较大道路交通事故调查报告\n对有关人员处理建议:\n"
                     "1.阿西木呷,美姑县安达客运有限公司法定代表人、总经理;\n"
                     "2.第五志强,美姑县安达客运有限公司安全管理部部长;\n"
                     "3.吉克伍且,中共党员,美姑县人民政府副县长,建议给予诫勉谈话。\n"
                     "应急管理部副部长欧阳华出席会议,交通运输部海事局副局长宇文斌作了发言。")
    assert {"阿西木呷", "第五志强", "吉克伍且"} <= ents(r, "Official")
    assert ("第五志强", "安达客运有限公司安全管理部", "部长") in posts(r)
    assert ("安达客运有限公司安全管理部", "安达客运有限公司") in rels(r, "partOf")
    assert ("宇文斌", "交通运输部海事局", "副局长") in posts(r)


def test_campaigns_answer_the_accident_a_cue_or_the_headline_names():
    r = extract_text("永州市安委会召开约谈会\n会议通报了道县“6·11”较大火灾事故情况。"
                     "针对“6·11”事故暴露出的问题,道县要立即开展小微企业消防安全专项整治。"
                     "会议研究部署了国庆节前安全生产大检查。")
    assert ("小微企业消防安全专项整治", "道县“6·11”较大火灾事故") in rels(r, "respondsTo")
    assert not any(c == "国庆节前安全生产大检查" for c, _ in rels(r, "respondsTo"))
    r = extract_text("怀化市沅陵县“7·3”较大道路交通事故调查报告(摘要)\n"
                     "事故发生后,市政府部署开展农村道路交通安全隐患“清零”行动。")
    assert ("农村道路交通安全隐患“清零”行动", "怀化市沅陵县“7·3”较大道路交通事故") in rels(r, "respondsTo")


def test_a_meeting_named_by_its_kind_alone_and_one_with_a_law_in_its_name():
    r = extract_text("玉林市人大常委会开展执法检查\n15日下午,执法检查组召开《安全生产法》执法检查座谈会,"
                     "座谈会由市人大常委会副主任覃秀英主持。")
    assert "《安全生产法》执法检查座谈会" in ents(r, "Event")
    r = extract_text("16日,督查组在北海召开座谈会,听取各地汇报。")
    assert "座谈会" in ents(r, "Event")


def test_speaking_at_a_meeting_named_by_its_kind_and_a_headline_without_the_number():
    r = extract_text("县森林防火指挥部召开演练总结点评会\n演练结束后,县森林防火指挥部召开演练总结点评会,"
                     "会议由副县长郁明清主持。县委书记戚家祥在点评会上强调,要树牢底线思维。")
    assert ("戚家祥", "演练总结点评会") in rels(r, "spokeAt")
    r = extract_text("市委理论学习中心组举行集体学习\n10月8日,市委理论学习中心组举行2026年第7次集体学习(扩大)。"
                     "市委书记阚振东主持并讲话。")
    assert len(ents(r, "Event")) == 1
    assert ("阚振东", "市委理论学习中心组2026年第7次集体学习(扩大)") in rels(r, "presided")


def test_press_conference_speakers_and_a_party_departments_post():
    r = extract_text("伊犁州召开安全生产新闻发布会\n6月3日,州人民政府新闻办公室召开新闻发布会。州应急管理局党委书记"
                     "王海涛,党委副书记、局长热合曼发布有关情况。州党委宣传部副部长阿依古丽·吐尔洪主持发布会。")
    assert ("热合曼", "伊犁哈萨克自治州应急管理局", "局长") in posts(r)
    assert ("热合曼", "安全生产新闻发布会") in rels(r, "spokeAt")
    assert ("阿依古丽·吐尔洪", "伊犁哈萨克自治州党委宣传部", "副部长") in posts(r)


def test_company_safety_committee_in_a_chain_and_zone_committee_and_words_that_join_bodies():
    r = extract_text("青海黄河水电开发有限公司召开会议。公司党委书记、董事长、安委会主任才让多杰出席并讲话。"
                     "羊湖电站站长次仁顿珠参加。")
    assert ("才让多杰", "青海黄河水电开发有限公司", "董事长") in posts(r)
    assert ("才让多杰", "青海黄河水电开发有限公司安全生产委员会", "主任") in posts(r)
    assert "羊湖电站" in ents(r, "Body")
    r = extract_text("盐城市召开会议。市委常委、滨海新区党工委书记严建东发言。盐城市气象局联合市应急管理局开展检查。"
                     "市纪委监委派驻市应急管理局纪检监察组组长胥红参加。")
    assert ("严建东", "滨海新区党工委", "书记") in posts(r)
    assert not any("联合" in b for b in ents(r, "Body"))
    assert ("胥红", "盐城市纪委监委派驻市应急管理局纪检监察组", "组长") in posts(r)


def test_compound_surnames_verbs_before_enterprises_and_he_county():
    r = extract_text("汉中市召开会议。市委书记公冶明远、常务副市长鲜于红出席。会议通报中化分公司“7·2”灼烫事故情况,"
                     "要求依法吊销顺发客运公司经营许可。副县长和县应急管理局主要负责同志参加。")
    assert {"公冶明远", "鲜于红"} <= ents(r, "Official")
    assert not any(b.startswith(("通报", "依法")) for b in ents(r, "Body"))
    assert "和县" not in ents(r, "Place")
    r = extract_text("安徽省马鞍山市和县召开会议。")
    assert "和县" in ents(r, "Place")


def test_a_bare_branch_is_the_articles_enterprises():
    r = extract_text("宁夏宝丰能源集团股份有限公司\n集团公司召开会议,通报焦化分公司“3·5”灼烫事故情况。"
                     "烯烃分公司主要负责人参加。随后来到银川润通燃气有限公司永宁分公司检查。")
    assert ("焦化分公司", "宁夏宝丰能源集团股份有限公司") in rels(r, "partOf")
    assert ("烯烃分公司", "宁夏宝丰能源集团股份有限公司") in rels(r, "partOf")
    assert not any(u.startswith("永宁") and o.startswith("宁夏") for u, o in rels(r, "partOf"))


def test_headline_below_a_saved_pages_site_name_says_the_township():
    r = extract_text("沧州市青县人民政府\n首页 | 走进青县 | 政务公开\n当前位置:首页 > 乡镇动态 > 马厂镇\n\n"
                     "马厂镇开展工贸企业安全生产专项检查\n发布时间:2026-05-12 来源:马厂镇\n\n"
                     "5月11日,马厂镇党委书记戈立新带队开展检查。镇党委副书记、镇长滑春雨参加检查。")
    assert r.article.title == "马厂镇开展工贸企业安全生产专项检查"
    assert ("滑春雨", "马厂镇人民政府", "镇长") in posts(r)
    assert ("滑春雨", "马厂镇党委", "副书记") in posts(r)


def test_deputy_commanders_titles():
    r = extract_text("弥勒市举行森林防火演练。副市长、市森林草原防灭火指挥部副指挥长普丽清担任现场指挥,"
                     "市应急管理局副总工程师李文出席。")
    assert ("普丽清", "弥勒市森林草原防灭火指挥部", "副指挥长") in posts(r)
    assert ("普丽清", "弥勒市人民政府", "副市长") in posts(r)
    assert ("李文", "弥勒市应急管理局", "副总工程师") in posts(r)


def test_an_interviewees_answers_are_their_voice():
    r = extract_text("织密安全防护网\n——访广西壮族自治区应急管理厅厅长覃海明\n本报南宁电 今年以来全区安全形势平稳。\n"
                     "问:今年有哪些成效?\n答:我们始终坚持人民至上、生命至上,严格落实“三管三必须”。\n"
                     "问:下一步如何部署?\n答:将采取“四不两直”方式开展明查暗访。")
    assert {("覃海明", "两个至上"), ("覃海明", "三管三必须"), ("覃海明", "四不两直")} <= rels(r, "emphasized")


def test_an_ethnic_township_after_its_county():
    r = extract_text("会上通报了孟村回族自治县辛店回族镇“6·1”较大火灾事故和宽城满族自治县峪耳崖镇有关情况。")
    assert {"辛店回族镇", "峪耳崖镇"} <= ents(r, "Place")


def test_quoted_words_are_no_enterprises_and_rare_names_after_titles():
    r = extract_text("会议部署开展工贸企业“厂中厂”火灾隐患集中整治行动。县委副书记、县长,县防汛抗旱指挥部指挥长"
                     "扶晓明作具体部署。市消防救援支队副支队长麦振华做客直播间。")
    assert not any("厂" in b for b in ents(r, "Body"))
    assert {"扶晓明", "麦振华"} <= ents(r, "Official")


def test_he_county_before_a_list_of_levels_is_no_place():
    r = extract_text("各地级以上市和县(市、区)政府负责同志在分会场参加会议。")
    assert "和县" not in ents(r, "Place")


def test_league_and_prefecture_bodies_and_accident_words_are_no_mine():
    r = extract_text("锡林浩特市召开会议。锡林郭勒盟应急管理局副局长巴特尔出席,盟应急管理局副局长乌兰出席。")
    assert ("乌兰", "锡林郭勒盟应急管理局", "副局长") in posts(r)
    r = extract_text("和田地区召开会议。地区应急管理局局长艾合买提·吐尔逊出席。会议通报了洛浦县“3·12”较大煤矿顶板事故。")
    assert ("艾合买提·吐尔逊", "和田地区应急管理局", "局长") in posts(r)
    assert not any("“3·12”" in b for b in ents(r, "Body"))


def test_he_inside_a_trade_name_and_a_company_committee_after_its_word():
    r = extract_text("宁夏宁东泰和煤业有限公司召开会议。公司党委书记、董事长,公司安委会主任马万林出席。"
                     "检查危化品生产储存企业和加油站。")
    assert "宁夏宁东泰和煤业有限公司" in ents(r, "Body")
    assert ("马万林", "宁夏宁东泰和煤业有限公司安全生产委员会", "主任") in posts(r)
    assert not any(b.endswith("加油站") and "企业" in b for b in ents(r, "Body"))


def test_officials_whose_reports_a_meeting_hears_spoke_at_it():
    r = extract_text("甘孜州召开会议。州委书记陈云主持召开全州森林防火工作座谈会,听取康定市委书记扎西农布、"
                     "州应急管理局局长七林江初、州林业和草原局局长蜂学军汇报。")
    assert {("扎西农布", "全州森林防火工作座谈会"), ("七林江初", "全州森林防火工作座谈会"),
            ("蜂学军", "全州森林防火工作座谈会")} <= rels(r, "spokeAt")
    assert ("七林江初", "甘孜藏族自治州应急管理局", "局长") in posts(r)
    r = extract_text("在大河煤矿,他听取了矿长虎振东关于隐患自查情况的汇报。随后召开全市煤矿安全座谈会。")
    assert not rels(r, "spokeAt")


def test_a_name_ending_in_he_before_guanyu():
    r = extract_text("远安县召开会议。会议听取了县应急管理局党组书记、局长詹志和关于一季度安全生产形势的汇报。")
    assert "詹志和" in ents(r, "Official")


def test_supplementary_and_video_reports_are_speaking():
    r = extract_text("韶关市召开会议。5月13日,市委书记司徒健主持召开市委常委会会议。市水务局局长官志明列席会议并作补充汇报。"
                     "南雄市委书记邓海涛通过视频汇报了本地安全工作。")
    assert {("官志明", "市委常委会会议"), ("邓海涛", "市委常委会会议")} <= rels(r, "spokeAt")


def test_a_bare_subdistricts_committee_is_the_one_visited():
    r = extract_text("江苏省人大常委会开展执法检查。在锡北街道,街道党工委书记伍晓燕介绍了做法。")
    assert "锡北街道" in ents(r, "Place")
    assert ("伍晓燕", "锡北街道党工委", "书记") in posts(r)
    r = extract_text("江苏省召开会议。街道党工委书记王强参加。")
    assert not any(b.startswith("街道") for b in ents(r, "Body"))


def test_hui_surnames_and_a_towns_emergency_station():
    r = extract_text("来源县白石山镇召开会议。镇应急管理站站长户金星作出具体安排,公司总工程师喜东升出席。矿长锁文贵被免去矿长职务。")
    assert {"户金星", "喜东升", "锁文贵"} <= ents(r, "Official")
    assert "职务" not in ents(r, "Official")


def test_a_company_short_name_leaving_words_out():
    r = extract_text("镇坪县顺达旅游客运有限公司所属一辆客车侧翻。\n1.欧阳建军,顺达客运公司法定代表人、总经理;")
    assert ("欧阳建军", "顺达旅游客运有限公司", "总经理") in posts(r)


def test_a_workshop_or_team_between_an_enterprise_and_a_title():
    r = extract_text("安康秦巴物流有限公司一辆货车侧翻。\n3.冷海波,秦巴物流公司车队队长;\n"
                     "4.暴永强,安康瑞丰精细化工有限公司硝化车间主任。")
    assert ("冷海波", "安康秦巴物流有限公司", "车队队长") in posts(r)
    assert ("暴永强", "安康瑞丰精细化工有限公司", "硝化车间主任") in posts(r)


def test_the_next_in_a_list_holds_posts_in_the_company_not_its_committee():
    r = extract_text("青海黄河水电开发有限公司召开会议。公司党委书记、董事长、安委会主任才让多杰出席并讲话,"
                     "党委副书记、总经理、安委会常务副主任庹志强主持会议。经研究,给予羊湖电站站长次仁顿珠撤职处理。")
    assert ("庹志强", "青海黄河水电开发有限公司", "总经理") in posts(r)
    assert ("庹志强", "青海黄河水电开发有限公司安全生产委员会", "常务副主任") in posts(r)
    assert ("次仁顿珠", "羊湖电站", "站长") in posts(r)


def test_a_governments_press_office():
    r = extract_text("天津市召开新闻发布会。5月8日,市政府新闻办举行新闻发布会。市政府新闻办新闻发言人汲文婕主持。")
    assert ("汲文婕", "天津市人民政府新闻办", "新闻发言人") in posts(r)
    assert ("天津市人民政府新闻办", "新闻发布会") in rels(r, "convened")


def test_bodies_listed_before_a_convening_verb_and_a_township_acting_with_an_adverb():
    r = extract_text("溆浦县召开会议。县委、县政府连夜召开全县防汛救灾紧急调度会。")
    assert {("溆浦县委", "全县防汛救灾紧急调度会"), ("溆浦县人民政府", "全县防汛救灾紧急调度会")} <= rels(r, "convened")
    r = extract_text("沂水县马站镇扎实开展春节前安全生产大检查\n1月20日,镇党委副书记、镇长苗春带队检查,"
                     "镇安全生产监督管理站站长丰建军参加。")
    assert ("苗春", "马站镇人民政府", "镇长") in posts(r)
    assert ("丰建军", "马站镇安全生产监督管理站", "站长") in posts(r)


def test_a_governments_party_group_holds_an_enlarged_meeting():
    r = extract_text("甘肃省召开会议。6月5日,省政府党组召开扩大会议,省长任振鹤主持会议并讲话。")
    assert ("任振鹤", "省政府党组扩大会议") in rels(r, "presided")
    assert ("甘肃省人民政府", "省政府党组扩大会议") in rels(r, "convened")


def test_a_meeting_named_with_full_width_brackets_keeps_that_form():
    r = extract_text("哈密能源集团有限公司召开会议。10月13日,集团公司召开2026年第三季度安全生产委员会（扩大）会议。")
    assert any("2026年第三季度安全生产委员会（扩大）会议" in e.names for e in r.entities if e.type == "Event")


def test_a_discipline_commissions_supervision_office_and_words_that_are_no_bodies():
    r = extract_text("梁平区召开会议。区纪委监委第三监督检查室主任芮晓梅到会监督。普洱地处边境。王志远叮嘱公司董事长龚德明抓好安全。")
    assert ("芮晓梅", "梁平区纪委监委第三监督检查室", "主任") in posts(r)
    assert not any(b.endswith(("地处", "叮嘱公司")) or "叮嘱" in b for b in ents(r, "Body"))


def test_a_warning_summons_is_a_meeting():
    r = extract_text("荣昌区召开会议。6月4日,区安委办对安富街道开展安全生产警示约谈。区应急管理局局长眭卫国主持约谈。")
    assert ("眭卫国", "安全生产警示约谈") in rels(r, "presided")


def test_compound_surname_helian():
    r = extract_text("哈密市召开会议。集团公司党委书记、董事长,安委会主任赫连志刚出席。会议剖析了淖毛湖露天煤矿“8·6”运输事故。")
    assert "赫连志刚" in ents(r, "Official")
    assert not any(b.startswith("剖析") for b in ents(r, "Body"))


def test_a_town_before_its_heads_title_and_a_report_by_video_link():
    r = extract_text("辰溪县召开会议。当晚,县委、县政府召开全县防汛紧急调度会。潭湾镇党委书记晁小明、"
                     "火马冲镇镇长符丹红通过视频连线汇报了本乡镇险情处置情况。")
    assert "火马冲镇" in ents(r, "Place")
    assert ("符丹红", "火马冲镇人民政府", "镇长") in posts(r)
    assert ("符丹红", "全县防汛紧急调度会") in rels(r, "spokeAt")


def test_the_sentence_dated_as_an_accidents_code_tells_it():
    r = extract_text("周口市安委会召开约谈会\n约谈会上,通报了项城市“4·26”较大火灾事故和淮阳区“5·2”较大道路交通事故情况。"
                     "4月26日凌晨,项城市金鼎纺织有限公司成品仓库发生火灾,造成3人死亡;"
                     "5月2日,一辆重型半挂货车在淮阳区白楼镇境内与一辆农用三轮车相撞,造成4人死亡。")
    assert ("项城市“4·26”较大火灾事故", "项城市金鼎纺织有限公司") in rels(r, "involves") \
        or ("项城市“4·26”较大火灾事故", "金鼎纺织有限公司") in rels(r, "involves")
    assert ("淮阳区“5·2”较大道路交通事故", "白楼镇") in rels(r, "occurredIn")
