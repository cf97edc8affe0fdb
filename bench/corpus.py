"""Generate a corpus of realistic articles of the genre, for the scale benchmarks.

    python3 bench/corpus.py OUT_DIR --count 1000 [--seed 0]

Each article recombines the genre's sentence patterns (a meeting reported with its
convener, presiding official and attendees; speech cues; quoted principles; an accident
elsewhere drawn lessons from; posts and title chains; by-lines) with names drawn from
the gazetteers kg ships — any province, prefecture city, surname, title, principle — not
the seed articles' names. Each article is about 1,500–3,000 characters, like the seeds.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from kg import resources

GIVEN = "建国明华志强海燕丽军伟芳勇敏静磊洋艳杰娟涛超霞秀英玉兰红梅鹏飞宏亮东升春生秋云德文学武永康立新国庆文斌晓峰"
DEPARTMENTS = ["应急管理厅", "住房和城乡建设厅", "交通运输厅", "自然资源厅", "生态环境厅", "市场监督管理局",
               "消防救援总队", "财政厅", "工业和信息化厅", "水利厅"]
CITY_DEPARTMENTS = [("应急管理局", "局长"), ("住房和城乡建设局", "局长"), ("交通运输局", "局长"),
                    ("消防救援支队", "支队长")]
KINDS = ["火灾", "燃气爆炸", "瓦斯爆炸", "透水", "坍塌", "道路交通"]
GRADES = ["重大", "较大", "特别重大"]
ENTERPRISE = ["煤业", "矿业", "化工有限公司", "建设集团", "能源集团"]
BRAND = "永泰鑫源宏达恒昌华兴金盛瑞丰东方新纪元晋源龙腾"
CAMPAIGNS = ["安全生产治本攻坚三年行动", "重大事故隐患专项排查整治行动", "城镇燃气安全专项整治",
             "安全生产大检查", "冬春火灾防范专项整治行动"]
FILLER = ["要坚决扛牢安全生产政治责任,以更加有力有效的举措防范化解重大安全风险。",
          "各地各部门要树牢安全发展理念,压紧压实各方责任,全力保障人民群众生命财产安全。",
          "要聚焦重点行业领域,深入开展隐患排查整治,坚决遏制重特大事故发生。",
          "要加强应急值守和信息报送,确保发生突发事件能够快速响应、科学处置。",
          "要强化基层基础,提升本质安全水平,推动安全生产形势持续稳定向好。"]


def name(rng: random.Random) -> str:
    _, single = resources.surnames()
    surname = rng.choice(sorted(single))
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def article(rng: random.Random) -> str:
    divisions = [d for ds in resources.places().values() for d in ds]
    provinces = sorted({d.name for d in divisions if d.level == "province" and d.name.endswith("省") and d.name != "台湾省"})
    province = rng.choice(provinces)
    cities = sorted({d.name for d in divisions if d.level == "city" and d.province == province}) or [province]
    city = rng.choice(cities)
    other = rng.choice([p for p in provinces if p != province])
    other_city = rng.choice(sorted({d.name for d in divisions if d.level == "city" and d.province == other}) or [other])
    principles = sorted({c.pref_label for c in resources.principles().values()})
    p = rng.sample(principles, 4)
    people = [name(rng) for _ in range(7)]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    code = f"{rng.randint(1, 12)}·{rng.randint(1, 28)}"
    enterprise = "".join(rng.sample(BRAND, 2)) + rng.choice(ENTERPRISE)
    dept = rng.choice([d for d in DEPARTMENTS if d.endswith("厅")])
    lines = [
        f"{people[0]}主持召开省委常委会会议 研究部署安全生产工作",
        f"发布时间:2024-{month:02d}-{day:02d} 08:00:00 来源:{province[:2]}日报",
        f"{month}月{day}日,{province}委常委会召开会议,传达学习习近平总书记关于安全生产的重要指示精神,"
        f"研究部署全省安全生产工作。省委书记{people[0]}主持会议并讲话。",
        f"会议指出,要坚持“{p[0]}”,严格落实“{p[1]}”要求。" + rng.choice(FILLER),
        f"会议强调,要深刻汲取{other_city}{enterprise}“{code}”{rng.choice(GRADES)}{rng.choice(KINDS)}事故教训,"
        f"扎实开展{rng.choice(CAMPAIGNS)}。" + rng.choice(FILLER),
        f"省委副书记、省长{people[1]},省委常委、常务副省长{people[2]}出席会议。",
        f"省{dept}党委书记、厅长{people[3]}表示,要坚持“{p[2]}”," + rng.choice(FILLER),
        f"{city}委书记{people[4]}指出,{city}将{rng.choice(FILLER)}",
        "{}{}{}{}表示,要落实“{}”。".format(city, *rng.choice(CITY_DEPARTMENTS), people[5], p[3]) + rng.choice(FILLER),
    ]
    lines += [rng.choice(FILLER) * rng.randint(1, 3) for _ in range(rng.randint(3, 8))]
    lines += [f"(记者 {people[6]})", f"编辑:{name(rng)}"]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    width = len(str(args.count))
    for i in range(args.count):
        (args.out / f"synthetic_{i:0{width}d}.txt").write_text(article(rng), encoding="utf-8")
    print(f"wrote {args.count} articles to {args.out}")


if __name__ == "__main__":
    main()
