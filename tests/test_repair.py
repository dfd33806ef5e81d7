"""Stage repair on faults taken from the seed articles and on clean text that must survive."""

from __future__ import annotations

import pytest

from faqkit.core.records import Change
from faqkit.ingest.repair import repair
from faqkit.ingest.repair.byte_drop import fix_byte_drop
from faqkit.ingest.repair.deleted_words import flag_deleted_words, restore_deleted_words
from faqkit.ingest.repair.mojibake import fix_mojibake, parse_span
from faqkit.ingest.repair.pinyin import fix_pinyin


def test_pinyin_removed_only_when_it_is_a_reading() -> None:
    text, changes = fix_pinyin("小貸逾期有人加微信聯(lián)系訴前調(diào)解該怎么辦")
    assert text == "小貸逾期有人加微信聯系訴前調解該怎么辦"
    assert [c.fix for c in changes] == ["annotation", "annotation"]
    kept = "网络借贷(简称“网贷”)和第三条(还款方式)以及邮箱(qq)"
    assert fix_pinyin(kept)[0] == kept
    # A toned syllable that is no reading of the character before it is still a pinyin fragment: it goes,
    # and a reviewer is told (which character it was meant for is not certain).
    wrong, flags = fix_pinyin("协商(xiàn)")
    assert wrong == "协商" and flags and not flags[0].applied and flags[0].before == "商(xiàn)"


def test_one_byte_shift_mojibake_is_realigned() -> None:
    text, changes = fix_mojibake("借款人因各種原因?qū)е掠馄诘默F(xiàn)象也日益嚴(yán)重。")
    assert text == "借款人因各種原因導致逾期的現象也日益嚴(yán)重。"  # the reading of 現 goes with the span
    assert changes[0].kind == "mojibake" and changes[0].applied
    text, _ = fix_mojibake("身份進(jìn)行核實(shí)??梢酝ㄟ^撥打貸款公司客服熱線")
    assert text == "身份進(jìn)行核實(shí)。可以通過撥打貸款公司客服熱線"


def test_unrecoverable_mojibake_removes_its_sentence_and_flags_it() -> None:
    source = "第一句完好。部分借款人可能會因?yàn)橛馄诙械娇只?,進而選擇逃避。最後一句。"
    text, changes = fix_mojibake(source)
    assert text == "第一句完好。最後一句。"
    assert len(changes) == 1 and not changes[0].applied
    assert "橛馄" in changes[0].before


@pytest.mark.parametrize("typed", [
    "逾期以后会怎样?会被抓吗?",
    "什么是停息挂账?有何条件?\n下面分三点说明。",
    "第一步做什么?要先核实吗?\n",
    "分期真的划算吗?对吧?\n",
    "一、催收说要来家里?家人会不会知道?\n",
])
def test_half_width_question_marks_in_chinese_text_are_punctuation(typed: str) -> None:
    """The farms type half-width '?': a clause it closes that reads as words, or that asks, is no lost
    byte, even where the clause is too short for the word model to read (有何条件, 对吧)."""
    assert fix_mojibake(typed) == (typed, [])


@pytest.mark.parametrize("typed", [
    "申请表见公告:https://www.example.gov.tw/News.aspx?n=AB12CD34&s=9F8E7D\n",
    "详见 www.example.cn/notice.php?id=Cx7 这一页。\n",
])
def test_a_question_mark_inside_a_web_address_is_the_addresss_query(typed: str) -> None:
    assert fix_mojibake(typed) == (typed, [])


def test_a_lost_byte_after_a_web_address_is_still_found() -> None:
    # The address ends at the space; the garbled sentence after it goes as it would anywhere else.
    text, changes = fix_mojibake("详情见 https://example.cn/a?id=3 。"
                                 "部分借款人可能會因?yàn)橛馄诙械娇只?,進而選擇逃避。")
    assert text == "详情见 https://example.cn/a?id=3 。"
    assert len(changes) == 1 and "橛馄" in changes[0].before


def test_a_lost_byte_before_an_ascii_separator_is_garbage_however_the_span_reads() -> None:
    # 你的能力 out of step reads 愕哪芰 with 哪 in it; before a comma that is the byte's mark, not a question.
    assert fix_mojibake("先提升?愕哪芰?,再談別的。")[0] == ""
    # At a line end, 哪 among characters that make no word does not ask either.
    text, changes = fix_mojibake("先提升?愕哪芰?\n下一段。")
    assert text == "\n下一段。" and not changes[0].applied


def test_a_realigned_span_reads_as_chinese_characters_only() -> None:
    # 電話，或 lost the pair between the comma's trail byte and 或's lead byte: A3 F2 reads as the
    # full-width letter ｒ, which is no reading of the span; it is removed and flagged, not published.
    text, changes = fix_mojibake("請撥打當地?zhǎng)娫挘蛲ㄟ^官網登記")
    assert "ｒ" not in text and text == ""
    assert changes[0].fix == "sentence-removed" and not changes[0].applied


def test_realign_infers_lost_bytes_in_a_traditional_text() -> None:
    # Seed 001: the pair 而's trail + 影's lead decoded to nothing and is inferred from the words around
    # it, with no Simplified-only candidate in this Traditional text; the bytes themselves say 今后, not 今後.
    source = "及時關注個人信用記錄,避免因?yàn)橛馄诙绊懙浇窈蟮馁J款、信用卡申請等。"
    text, changes = fix_mojibake(source)
    assert text == "及時關注個人信用記錄,避免因為逾期而影響到今后的貸款、信用卡申請等。"
    assert changes[0].applied and changes[0].before == "?yàn)橛馄诙绊懙浇窈蟮馁J"
    assert parse_span("ab?", 2) is None


def test_realign_refuses_what_the_context_cannot_decide() -> None:
    # Seed 000: 恐慌's trail byte was lost before the comma; 而感到 and 而有到 both re-encode.
    source = "部分借款人可能會因?yàn)橛馄诙械娇只?,進而選擇逃避,而不是主動與貸款機構溝通。"
    text, changes = fix_mojibake(source)
    assert text == "" and not changes[0].applied


def test_a_sentence_a_person_read_back_goes_in_where_the_repair_refused() -> None:
    """data/reviewed_sentences.yaml: each entry is still met in sources/ (a stale one would be dead weight),
    reads as clean text that no repair step touches, and takes the place of the flagged sentence."""
    from faqkit.ingest.repair.reviewed import apply_reviewed, reviewed_sentences
    from tests.conftest import SEED_NAMES, SOURCES

    entries = reviewed_sentences()
    assert entries
    applied = [c for name in SEED_NAMES for c in repair((SOURCES / name).read_text(encoding="utf-8"))[1]
               if c.fix == "reviewed"]
    assert {c.before for c in applied} == {flagged for _, flagged, _ in entries}
    for kind, flagged, reads in entries:
        assert fix_mojibake(flagged)[0] != flagged, "only a sentence the automatic repair changes or removes"
        assert repair(reads)[0] == reads and not [c for c in repair(reads)[1] if not c.applied]
        text, changes = apply_reviewed("前文。" + flagged + "后文。")
        assert text == "前文。" + reads + "后文。" and changes[0].kind == kind and changes[0].applied


@pytest.mark.parametrize(("broken", "fixed"), [
    ("微粒贷是不是真的会因为逾期而被起丝假如不幸", "微粒贷是不是真的会因为逾期而被起诉？假如不幸"),
    ("是否会因逾期起嘶二、逾期后", "是否会因逾期起诉；二、逾期后"),
    ("是否会直接起爽这取决于", "是否会直接起诉，这取决于"),
    ("利用这些工粳可轻松实现", "利用这些工具，可轻松实现"),
])
def test_gbk_byte_drop_is_restored(broken: str, fixed: str) -> None:
    assert fix_byte_drop(broken)[0] == fixed


@pytest.mark.parametrize("clean", [
    "他答应得很爽快。", "东北的粳米很好吃。", "这座老宅子很安静。", "靠自己赚钱还款。",
    "香辣肉脯和牛肉干。", "吐丝的蚕。", "声音嘶哑。", "工具箱里有锤子。",
])
def test_byte_drop_leaves_ordinary_words_alone(clean: str) -> None:
    assert fix_byte_drop(clean) == (clean, [])


def test_deleted_words_restored_by_rule_or_flagged() -> None:
    text, changes = restore_deleted_words("客服人員通過 聯系用戶，催促還款。")
    assert text == "客服人員通過電話聯系用戶，催促還款。"
    text, changes = flag_deleted_words("这些资料可以在必要时作为 凭证。")
    assert text == "这些资料可以在必要时作为凭证。"
    assert changes and not changes[0].applied


def test_a_gap_is_filled_only_with_the_one_deleted_word_that_fits() -> None:
    text, changes = flag_deleted_words("遇到暴力 时，应当保存证据。可以先咨询 援助中心。"
                                       "家人的 号码别给平台。遇到暴力 ，先报警。")
    assert text == ("遇到暴力催收时，应当保存证据。可以先咨询法律援助中心。"
                    "家人的电话号码别给平台。遇到暴力催收，先报警。")
    assert [(c.fix, c.after, c.applied) for c in changes] == [
        ("gap-filled", "催收", True), ("gap-filled", "法律", True), ("gap-filled", "电话", True),
        ("gap-filled", "催收", True)]
    # No deleted word makes a word here: the gap is joined and flagged; a space before punctuation that
    # lost nothing is left to canon's typography.
    text, changes = flag_deleted_words("网贷 逾期怎么办 ？还款 计划要量力而行。")
    assert text == "网贷逾期怎么办 ？还款计划要量力而行。"
    assert [(c.fix, c.applied) for c in changes] == [("gap", False), ("gap", False)]


def test_repair_is_idempotent_on_seed_text() -> None:
    from tests.conftest import SEED_NAMES, SOURCES

    for name in SEED_NAMES:
        once, _ = repair((SOURCES / name).read_text(encoding="utf-8"))
        twice, changes = repair(once)
        assert twice == once, name
        assert not [c for c in changes if c.applied], name


def test_dangling_conjunction_is_dropped_and_flagged_but_words_ending_in_one_stay() -> None:
    text, changes = flag_deleted_words("甚至影响个人信用记录和。态度很温和。积极参与。")
    assert text == "甚至影响个人信用记录。态度很温和。积极参与。"
    assert [(c.fix, c.applied) for c in changes] == [("dangling-conjunction", False)]


def test_seed_faults_that_the_farms_left_are_undone() -> None:
    from faqkit.ingest import clean_text
    from tests.conftest import SOURCES

    seed3, _ = clean_text((SOURCES / "003_1d86870f2952cc0a.txt").read_text(encoding="utf-8"))
    assert "2. 电话催款：客服人员通过电话联系用户" in seed3, "the list label lost 电话 too"
    for name in ("002_1227a4f884fd7573.txt", "004_ebb8f594633c86b3.txt"):
        text, changes = clean_text((SOURCES / name).read_text(encoding="utf-8"))
        for spun in ("之一步", "之一道", "咱们", "至关关键", "采纳一系列措施", "须要", "需求纠正", "违法表现",
                     "作用个人信用", "法律结果", "确信无误", "采用期间"):
            assert spun not in text, (name, spun)
        assert {c.kind for c in changes} >= {"spin"}
    assert "采取一系列措施" in clean_text((SOURCES / "004_ebb8f594633c86b3.txt").read_text(encoding="utf-8"))[0]


def test_a_space_inside_a_word_is_typography_a_space_between_words_a_gap() -> None:
    text, changes = flag_deleted_words("网贷逾 期以后，客服通过 联系用户。")
    assert text == "网贷逾期以后，客服通过联系用户。"
    assert [(c.kind, c.fix, c.applied) for c in changes] == [
        ("typography", "space-in-word", True), ("deleted-word", "gap", False)]


def test_a_bopomofo_typed_for_yi_is_read_as_yi_not_taken_for_mojibake() -> None:
    """之ㄧ, ㄧ般: a Taiwanese typing habit, not garbled bytes; the sentence stays, repaired and counted.
    A text that spells out other bopomofo means them as they are."""
    from faqkit.ingest.repair import repair

    text, changes = repair("债务协商是卡债族最常见的出路之ㄧ。ㄧ般来说要先找最大债权银行。\n")
    assert text == "债务协商是卡债族最常见的出路之一。一般来说要先找最大债权银行。\n"
    assert [(c.kind, c.before, c.after) for c in changes] == [("lookalike", "ㄧ", "一")] * 2
    phonetic = "注音符号ㄅㄆㄇㄈ里也有ㄧ这个音。\n"
    assert not [c for c in repair(phonetic)[1] if c.kind == "lookalike"]


# ---------------------------------------------------------------- sentences written here, garbled by the farms

def _garbled(sentence: str, before: str, annotate: bool) -> tuple[str, str]:
    """``sentence`` as a farm publishes it (Traditional, half-width punctuation), and the same text read one
    byte out of step from the character after ``before`` (tests/corpus/faults.py: the farms' mechanism),
    with the farm's pinyin for the misread character when ``annotate``."""
    from tests.corpus import faults

    farm = faults.farm_text(sentence)
    return farm, faults.shift_mojibake(farm, len(before), annotate=annotate)


@pytest.mark.parametrize(("sentence", "before", "annotate"), [
    # 會 lost whole: its lead byte went into the misread character (the farm's reading ér pins that byte
    # down), its trail byte into a pair with 直's lead byte that formed no GBK character.
    ("会不会直接被起诉，主要看欠款的多少和拖欠的时间。", "会不", True),
    # 要 lost whole the same way (its trail byte and 看's lead byte).
    ("会不会直接被起诉，主要看欠款的多少和拖欠的时间。", "会不会直接被起诉，主", True),
    # No reading: 還's trail byte and 沒's lead byte decoded to nothing, read back from the words around them.
    ("如果超过期限还没有还款，平台就会上报征信。", "如果超过期", False),
    ("如果超过期限还没有还款，平台就会上报征信。", "如果超过期", True),
    # Spans that end in a closing quotation mark, its partner before them.
    ("对方自称“法务部”的工作人员，却说不出公司的地址。", "对方自称“法务", True),
    ("他在电话里说“再不还钱就上门”，我当场录了音。", "他在电话里说“再不还钱就上", True),
    # 這 is DF 40: its trail byte is the ASCII '@' that puts the decoder back in step (遇到?jié)@種).
    ("遇到这种情况，先不要着急，把合同和聊天记录都保存好。", "遇到", True),
    # More spans in step, with and without the farm's reading, near the start, the middle and the end.
    ("这件事家里人都知道，所以不用再隐瞒了。", "这件事家里人都知道，所以不", True),
    ("还款以后记得保存凭证，以免日后说不清原因。", "还款以后记", False),
    ("会不会直接被起诉，主要看欠款的多少和拖欠的时间。", "会不会直接被起诉，主要看", True),
    ("会不会直接被起诉，主要看欠款的多少和拖欠的时间。", "会不会直接被起诉，主要看欠款的多", False),
    ("会不会直接被起诉，主要看欠款的多少和拖欠的时间。", "会不会直接被起诉，主要看欠款的多少和拖欠的时", False),
    ("最好不要超过三个月，否则利息会越滚越多。", "最好不要超", False),
    ("借钱之前要看清合同里的利率，不要只听业务员说。", "借钱之前要看清合同里的利率，不要只", True),
    # A pair lost (超過, 息掛) and read back, with the farm's reading.
    ("欠款一旦超过五万元，银行可能会向法院起诉。", "欠款一", True),
    ("如果你确实没有能力还款，可以申请停息挂账。", "如果你确实没有能力还款，可以申请", True),
    # Spans that end in a lost trail byte before the ASCII comma.
    ("网贷逾期以后，要主动联系平台说明情况，争取分期还款。", "网贷逾期", True),
    ("我们每个月都要先还清信用卡，再考虑别的开支。", "我们每个月都要先还清信", False),
    ("催收电话打到公司以后，他觉得很丢脸，干脆换了工作。", "催收电话打到公司", True),
    # Read back after rival readings, with a character lost at the start, between two characters or inside
    # one, were tried and fit worse; in the last five a pair was lost (超過, 果你, 息掛 twice, 同上).
    ("如果实在还不上，最好提前和银行沟通，说明自己的困难。", "如果实在还不上，最好提前和", False),
    ("我们每个月都要先还清信用卡，再考虑别的开支。", "我们每个月都要先还清信用卡，再考虑别", False),
    ("欠款一旦超过五万元，银行可能会向法院起诉。", "欠款", False),
    ("如果你确实没有能力还款，可以申请停息挂账。", "如", True),
    ("如果你确实没有能力还款，可以申请停息挂账。", "如果你确实没有能力还款，可", False),
    ("如果你确实没有能力还款，可以申请停息挂账。", "如果你确实没有能力还款，可以申", True),
    ("借钱的时候一定要看清楚合同上的每一项费用。", "借钱的时候一定要看清楚合", True),
])
def test_a_span_of_a_sentence_written_here_is_read_back_as_written(sentence: str, before: str,
                                                                  annotate: bool) -> None:
    farm, garbled = _garbled(sentence, before, annotate)
    text, changes = fix_mojibake(garbled)
    assert text == farm
    assert [(c.kind, c.fix, c.applied, c.position) for c in changes] == [("mojibake", "realigned", True, len(before))]


@pytest.mark.parametrize(("sentence", "before", "annotate"), [
    # 超 was lost between 不要 and 過 (both of its byte pairs formed no GBK character): the span reads in
    # step as 好不要過, which is not what was written.
    ("最好不要超过三个月，否则利息会越滚越多。", "最", True),
    ("最好不要超过三个月，否则利息会越滚越多。", "最好不", False),
    # 超 lost between 果 and 過: 如果過期限 reads well and is wrong.
    ("如果超过期限还没有还款，平台就会上报征信。", "如", True),
    # 果 lost whole (its trail byte and 家's lead byte formed no GBK character).
    ("她一直没有接催收的电话，结果家里人也被打扰了。", "她一直没有接催收的电话，结", False),
    # 公's trail byte and 司's lead byte formed no GBK character: in step, 公司 reads as one wrong character.
    ("催收电话打到公司以后，他觉得很丢脸，干脆换了工作。", "催收电", False),
    # 同's trail byte and 裏's lead byte, the same.
    ("借钱之前要看清合同里的利率，不要只听业务员说。", "借钱之前要看", True),
])
def test_a_span_that_lost_whole_characters_is_never_published_as_a_wrong_reading(sentence: str, before: str,
                                                                                 annotate: bool) -> None:
    farm, garbled = _garbled(sentence, before, annotate)
    text, changes = fix_mojibake(garbled)
    assert text in (farm, "")
    assert text == farm or [(c.kind, c.fix, c.applied, c.before) for c in changes] == [
        ("mojibake", "sentence-removed", False, garbled)]


def test_garbled_sentences_in_a_row_go_one_by_one() -> None:
    from tests.corpus import faults

    _, first = _garbled("最好不要超过三个月，否则利息会越滚越多。", "最好不", False)
    # The next sentence garbled from its first character: its span starts where the first sentence ends.
    second = faults.shift_mojibake(faults.farm_text("她一直没有接催收的电话，结果家里人也被打扰了。"), 0)
    text, changes = fix_mojibake(first + second + "\n")
    assert text == "\n"
    assert [(c.fix, c.position, c.before) for c in changes] == [
        ("sentence-removed", 0, first), ("sentence-removed", len(first), second)]
    # A text garbled from its first character: nothing before it tells what the lost lead byte was.
    start = faults.shift_mojibake(faults.farm_text("逾期以后要主动联系平台。"), 0)
    assert fix_mojibake(start) == ("", [Change("mojibake", "sentence-removed", 0, start, "", applied=False)])
    # A garbled run that ends the text, its last byte shown as '?', goes too.
    assert fix_mojibake("先提升?愕哪芰?") == ("", [Change("mojibake", "sentence-removed", 0, "先提升?愕哪芰?", "",
                                                        applied=False)])


# ---------------------------------------------------------------------------------- the smaller repair steps

def test_an_excerpt_cut_inside_its_last_character_loses_the_mark_only_at_its_end() -> None:
    from faqkit.ingest.repair.truncated import drop_cut_character

    assert drop_cut_character("逾期以后要保护好个人信\ufffd") == (
        "逾期以后要保护好个人信", [Change("cut-off", "replacement-character", 11, "\ufffd", "")])
    # Two marks, and the whitespace after them, still end the text.
    assert drop_cut_character("先别慌\ufffd\ufffd \n") == (
        "先别慌 \n", [Change("cut-off", "replacement-character", 3, "\ufffd\ufffd", "")])
    # Inside the text the mark is garbled bytes, mojibake's to judge.
    assert drop_cut_character("先别\ufffd慌。") == ("先别\ufffd慌。", [])


def test_a_toneless_syllable_goes_when_it_is_a_neutral_reading_of_the_character() -> None:
    # 系 is read xì: the farms write it bare after 联 (联系(xi)).
    assert fix_pinyin("请联系(xi)客服") == ("请联系客服", [Change("pinyin", "annotation", 3, "系(xi)", "系")])
    assert fix_pinyin("请联系(ke)客服") == ("请联系(ke)客服", [])
    wrong = fix_pinyin("请联系(kè)客服")
    assert wrong == ("请联系客服", [Change("pinyin", "unverified-annotation", 3, "系(kè)", "系", applied=False)])


def test_a_syllable_of_a_character_with_several_readings_is_any_of_them() -> None:
    # 行 is xíng and háng: in 銀行 the farm writes háng.
    assert fix_pinyin("找銀行(háng)辦理") == ("找銀行辦理", [Change("pinyin", "annotation", 3, "行(háng)", "行")])
    assert fix_pinyin("找银行(hang)办理")[0] == "找银行办理"


def test_a_neutral_reading_keeps_the_diaeresis_of_u() -> None:
    from faqkit.ingest.repair.pinyin import neutral_readings

    assert neutral_readings("女") == {"nü", "ru"} and "lü" in neutral_readings("綠")
    assert fix_pinyin("女(nü)生") == ("女生", [Change("pinyin", "annotation", 1, "女(nü)", "女")])
    # nu is no reading of 女: a bare syllable that is none stays, as legitimate parentheses do.
    assert fix_pinyin("女(nu)生") == ("女(nu)生", [])


def test_a_syllable_is_a_reading_in_either_script_with_or_without_its_tone() -> None:
    from faqkit.ingest.repair.pinyin import is_reading

    assert is_reading("xì", "系") and is_reading("XI", "係") and is_reading("men", "們")
    assert not is_reading("shi", "系") and not is_reading("kè", "系")


def test_a_reviewed_sentence_goes_in_wherever_it_occurs() -> None:
    from faqkit.ingest.repair.reviewed import apply_reviewed, reviewed_sentences

    kind, flagged, reads = reviewed_sentences()[0]
    text, changes = apply_reviewed(flagged + flagged)
    assert text == reads + reads
    assert changes == [Change(kind, "reviewed", 0, flagged, reads),
                       Change(kind, "reviewed", len(reads), flagged, reads)]


def test_lookalikes_and_restored_words_are_recorded_where_they_stand() -> None:
    from faqkit.ingest.repair.lookalikes import fix_lookalikes

    assert fix_lookalikes("还款是重点之ㄧ，ㄧ定要按时。")[1] == [
        Change("lookalike", "ㄧ->一", 6, "ㄧ", "一"), Change("lookalike", "ㄧ->一", 8, "ㄧ", "一")]
    assert restore_deleted_words("他们通过 联系我。") == (
        "他们通过電話联系我。", [Change("deleted-word", "dianhua-contact", 2, "通过 ", "通过電話")])
    # A list of the ways to reach someone that opens with its 、 lost its first item, 电话.
    assert restore_deleted_words("平台会通过 、短信、邮件提醒。")[0] == "平台会通过電話、短信、邮件提醒。"
    assert restore_deleted_words("平台会通过 、审核以后放款。")[0] == "平台会通过 、审核以后放款。"


def test_the_repair_caches_forget_what_they_remember() -> None:
    from faqkit.ingest.repair.model import clear_caches, memo

    calls: list[str] = []

    @memo(maxsize=4)
    def first_character(text: str) -> str:
        calls.append(text)
        return text[:1]

    assert [first_character("还款"), first_character("还款")] == ["还", "还"] and calls == ["还款"]
    clear_caches()
    assert first_character("还款") == "还" and calls == ["还款", "还款"]


def test_word_coverage_of_text_without_chinese_characters_is_none() -> None:
    from faqkit.ingest.repair.model import word_coverage

    assert word_coverage("App 2.0") == 0.0
    assert word_coverage("还款计划") == 1.0


def test_a_quotation_mark_read_from_lost_bytes_needs_its_partner() -> None:
    from faqkit.ingest.repair.mojibake import _pairs_balanced

    assert _pairs_balanced("他说", "“先别还", "”。") and _pairs_balanced("他说“", "先别还”", "。")
    assert not _pairs_balanced("他说", "“先别还", "。") and not _pairs_balanced("他说", "先别还”", "。")
    assert _pairs_balanced("合同", "（第三条）", "") and not _pairs_balanced("合同", "第三条）", "")


def test_the_deleted_word_changes_show_where_they_stand_and_what_was_around_them() -> None:
    text, changes = flag_deleted_words("网贷 逾期怎么办 ？还款 计划要量力而行。遇到暴力 时，应当保存证据。")
    assert text == "网贷逾期怎么办 ？还款计划要量力而行。遇到暴力催收时，应当保存证据。"
    assert changes == [Change("deleted-word", "gap", 2, "网贷 逾期怎么", "", applied=False),
                       Change("deleted-word", "gap", 12, " ？还款 计划要量", "", applied=False),
                       Change("deleted-word", "gap-filled", 25, " ", "催收")]
    assert flag_deleted_words("网贷逾 期以后") == ("网贷逾期以后", [Change("typography", "space-in-word", 3, " ", "")])
    assert flag_deleted_words("我们先整理了通话记录和。") == ("我们先整理了通话记录。", [
        Change("deleted-word", "dangling-conjunction", 10, "理了通话记录和。", "", applied=False)])


def test_byte_drop_records_the_pair_it_restored_and_leaves_latin_letters_alone() -> None:
    assert fix_byte_drop("工粳可以帮你记账") == (
        "工具，可以帮你记账", [Change("byte-drop", "restored", 1, "工粳", "工具，")])
    assert fix_byte_drop("资金被划住也不要慌")[1] == [Change("byte-drop", "restored", 4, "划住", "划走！")]
    assert fix_byte_drop("去医院拍X光片。") == ("去医院拍X光片。", [])


@pytest.mark.parametrize("clean", [
    # 们 begins no two-character word, and 一 and 不 are characters a DF A3 deletion can leave.
    "我们一起想办法，他们不会上门。",
    # A collapsed-looking character that ends the text: nothing after it to restore punctuation before.
    "利率偏负",
])
def test_byte_drop_leaves_these_alone(clean: str) -> None:
    assert fix_byte_drop(clean) == (clean, [])
