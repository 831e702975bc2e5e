"""chinese_script: OpenCC with reviewed override rules and corner quotes.

The known failure cases of plain conversion, each with what OpenCC alone gives (found by
running it, not guessed) and what the rules make of it: where OpenCC is right the test shows
it, where it is wrong a rule fixes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.chinese_script import Converter, Rule, converter_for, parse_rules
from pipeline.errors import ConfigError
from tests.conftest import REPO

BUNDLED_RULES = REPO / "locales" / "zh_TW" / "conversion.csv"


def rules(*pairs: tuple[str, str]) -> tuple[Rule, ...]:
    return tuple(Rule(phrase, written, n) for n, (phrase, written) in enumerate(pairs, 2))


# (Simplified, OpenCC s2twp alone, with the rule given) -- a rule of None: OpenCC is right.
KNOWN_CASES = [
    # names: the surname 余 is read as the word 余 (= 餘, "surplus"), 于 as the preposition
    ("作家余华的小说", "作家餘華的小說", ("余华", "余華"), "作家余華的小說"),
    ("余秋雨", "餘秋雨", ("余秋雨", "余秋雨"), "余秋雨"),
    ("余女士复诊", "餘女士複診", ("余女士", "余女士"), "余女士複診"),
    ("物理学家于敏", "物理學家于敏", None, "物理學家于敏"),  # 于敏 is in OpenCC's phrases
    ("于先生", "於先生", ("于先生", "于先生"), "于先生"),
    ("于华医生", "於華醫生", ("于华", "于華"), "于華醫生"),
    # a brand with 后 (the Hougu coffee of Yunnan), a PRC brand with 发 OpenCC gets right
    ("后谷咖啡", "後谷咖啡", ("后谷", "后谷"), "后谷咖啡"),
    ("发那科机器人", "發那科機器人", None, "發那科機器人"),
    # one character, several counterparts: 发/髮/發
    ("头发", "頭髮", None, "頭髮"),
    ("脱发门诊", "脫髮門診", None, "脫髮門診"),
    ("生长发育", "生長發育", None, "生長發育"),
    ("发布公告", "釋出公告", ("发布", "發布"), "發布公告"),  # s2twp's software sense
    # 干/乾/幹
    ("造血干细胞", "造血幹細胞", None, "造血幹細胞"),
    ("干眼症", "乾眼症", None, "乾眼症"),
    ("干预措施", "干預措施", None, "干預措施"),
    ("干扰素", "干擾素", None, "干擾素"),
    (
        "唯一一家具备资质的医院",
        "唯一一傢俱備資質的醫院",
        ("一家具备", "一家具備"),
        "唯一一家具備資質的醫院",
    ),
    # 后/後
    ("脑卒中后遗症", "腦卒中後遺症", None, "腦卒中後遺症"),
    ("博士后科研流动站", "博士後科研流動站", None, "博士後科研流動站"),
    ("皇后", "皇后", None, "皇后"),
    # 只/隻
    ("一只眼睛", "一隻眼睛", None, "一隻眼睛"),
    ("只有改动过的片段", "只有改動過的片段", None, "只有改動過的片段"),
    # 复/復/複/覆
    ("复查结果", "複查結果", None, "複查結果"),
    ("心肺复苏", "心肺復甦", None, "心肺復甦"),
    ("复杂性肺炎", "複雜性肺炎", None, "複雜性肺炎"),
    ("反复发作", "反覆發作", None, "反覆發作"),
    ("复旦大学", "復旦大學", None, "復旦大學"),
    # institutions and people of our own articles
    ("重庆市妇幼保健院", "重慶市婦幼保健院", None, "重慶市婦幼保健院"),
    ("重庆医科大学附属儿童医院", "重慶醫科大學附屬兒童醫院", None, "重慶醫科大學附屬兒童醫院"),
    ("黄国宁教授", "黃國寧教授", None, "黃國寧教授"),
    ("钟南山院士", "鍾南山院士", None, "鍾南山院士"),
]


@pytest.mark.parametrize(
    "simplified, opencc_alone, rule, expected", KNOWN_CASES, ids=[c[0] for c in KNOWN_CASES]
)
def test_known_failure_cases(simplified, opencc_alone, rule, expected):
    converter = Converter("s2twp", rules(rule) if rule else ())
    assert converter.raw(simplified) == opencc_alone
    assert converter.convert(simplified) == expected
    if rule is None:
        assert opencc_alone == expected  # OpenCC is right: no rule needed
    else:
        assert opencc_alone != expected  # OpenCC is wrong: the rule fixes it


# The bundled project's conversion.csv against what OpenCC alone makes of our articles.
BUNDLED_CASES = [
    ("据重庆市卫生健康委员会去年12月22日发布的公告", "釋出", "發布"),
    (
        "“明天计划”“微笑列车”等慈善项目",
        "“明天計劃”“微笑列車”等慈善專案",
        "「明天計畫」「微笑列車」等慈善項目",
    ),
    ("是重庆市唯一一家具备为外籍儿童提供医疗服务资质的医院", "一傢俱備", "一家具備"),
    ("是一家具有六十年历史的医院", "一傢俱有六十年曆史", "一家具有六十年歷史"),
    ("国家具体规定", "國傢俱體", "國家具體"),
    ("研究居国内领先水平，部分研究项目达到国际先进水平", "領先水平", "領先水準"),
    ("同时，该中心持续提升临床与实验室技术水平。", "技術水平", "技術水準"),
]


@pytest.mark.parametrize(
    "simplified, wrong, right", BUNDLED_CASES, ids=[c[2] for c in BUNDLED_CASES]
)
def test_the_bundled_rules_fix_what_opencc_gets_wrong_in_our_articles(simplified, wrong, right):
    converter = converter_for("s2twp", BUNDLED_RULES, "corner")
    assert wrong in converter.raw(simplified)
    assert right in converter.convert(simplified)
    assert wrong not in converter.convert(simplified)


def test_the_longest_phrase_wins_and_is_kept_from_opencc():
    converter = Converter("s2twp", rules(("发", "X"), ("发布会", "記者會"), ("发布", "發布")))
    # 发布会 (longest) wins over 发布 and 发; each match is written as given, not converted
    assert converter.convert("新闻发布会后发布了发言") == "新聞記者會後發布了X言"
    assert converter.convert("后") == "後"  # the rest is still OpenCC's


def test_placeholders_and_corner_quotes():
    converter = Converter("s2twp", quotes="corner")
    text = "他说：“请看<1>‘说明’</1>和<2/>。”"
    assert converter.convert(text) == "他說：「請看<1>『說明』</1>和<2/>。」"
    assert Converter("s2twp").convert(text) == "他說：“請看<1>‘說明’</1>和<2/>。”"


def test_a_rule_never_touches_a_placeholder():
    converter = Converter("s2twp", rules(("1", "一"), ("发", "發")))
    assert converter.convert("第1<1>发</1><12/>") == "第一<1>發</1><12/>"


def test_regional_configurations_differ():
    text = "软件信息"
    assert Converter("s2t").convert(text) == "軟件信息"
    assert Converter("s2tw").convert(text) == "軟件信息"
    assert Converter("s2twp").convert(text) == "軟體資訊"
    assert Converter("s2hk").convert(text) == "軟件信息"


def test_rules_file(tmp_path: Path):
    path = tmp_path / "conversion.csv"
    path.write_text("phrase,written\n# a comment\n\n余华,余華\n 于敏 , 于敏 \n", encoding="utf-8")
    assert parse_rules(path.read_bytes(), path) == (
        Rule("余华", "余華", 4),
        Rule("于敏", "于敏", 5),
    )
    assert converter_for("s2t", tmp_path / "missing.csv").rules == ()


@pytest.mark.parametrize(
    "data, line, message",
    [
        (
            b"phrase,written\n\xe4\xbd,x\n",
            2,
            "not UTF-8 (byte 15: b'\\xe4'); re-save the file as UTF-8",
        ),
        (
            "phrase,written\n余华\n".encode(),
            2,
            "expected 2 non-empty cells (phrase,written), found ['余华']",
        ),
        ("phrase,written\n余华,余華,x\n".encode(), 2, "expected 2 non-empty cells"),
        ("phrase,written\n余华,\n".encode(), 2, "expected 2 non-empty cells"),
        (
            "phrase,written\n余华,余華\n\n余华,餘華\n".encode(),
            4,
            "'余华' is already given on line 2; keep one rule",
        ),
        (b"phrase\n", 1, "expected the header line phrase,written first, found ['phrase']"),
        ("# rules\n发布,發布\n".encode(), 2, "expected the header line phrase,written first"),
        ("phrase,written\n<1>发,<1>發\n".encode(), 2, "a rule cannot hold < or >"),
    ],
    ids=[
        "encoding",
        "one-cell",
        "three-cells",
        "empty-cell",
        "twice",
        "header",
        "no-header",
        "tag",
    ],
)
def test_bad_rules_name_file_and_line(tmp_path: Path, data, line, message):
    path = tmp_path / "conversion.csv"
    with pytest.raises(ConfigError) as error:
        parse_rules(data, path)
    assert error.value.path == path and error.value.line == line
    assert error.value.message.startswith(message)
