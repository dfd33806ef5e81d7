"""Stage read: encodings are detected, bad files are named and skipped."""

from __future__ import annotations

from pathlib import Path

from faqkit.core.records import Problem
from faqkit.core.text import plausibility
from faqkit.ingest.read import decode, read_source

SIMPLIFIED = "网贷逾期以后，先与平台协商还款方案，保留好聊天记录和通话录音。"
TRADITIONAL = "網貸逾期以後，先與平臺協商還款方案，保留好聊天記錄和通話錄音。"


def test_utf8_gb18030_and_big5_are_told_apart() -> None:
    assert decode(SIMPLIFIED.encode("utf-8")) == (SIMPLIFIED, "utf-8")
    assert decode(SIMPLIFIED.encode("gb18030")) == (SIMPLIFIED, "gb18030")
    assert decode(TRADITIONAL.encode("big5")) == (TRADITIONAL, "big5")
    # Traditional text saved as GBK (the farms do this) is still GB18030, not Big5.
    assert decode(TRADITIONAL.encode("gbk")) == (TRADITIONAL, "gb18030")


def test_wrong_decoding_is_implausible() -> None:
    wrong = SIMPLIFIED.encode("gb18030").decode("big5", errors="replace")
    assert plausibility(SIMPLIFIED) == 1.0
    assert plausibility(wrong) < 0.6


def test_bad_files_are_named_problems(tmp_path: Path) -> None:
    cases = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n ",
        "binary.txt": bytes(range(256)) * 4,
        "unknown.txt": "逾期".encode("utf-16-be") * 50 + b"\xff\xfe\xfa" * 30,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        found = read_source(tmp_path / name, name)
        assert isinstance(found, Problem), name
        assert found.name == name
    big = tmp_path / "big.txt"
    big.write_bytes(SIMPLIFIED.encode() * 1000)
    assert isinstance(read_source(big, "big.txt", max_bytes=10_000), Problem)


def test_utf16_with_a_byte_order_mark_is_text(tmp_path: Path) -> None:
    """A UTF-16 file with a BOM (half its bytes are NUL) is read, in either byte order; one that does not
    decode as UTF-16 is still binary."""
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = "\ufeff".encode(encoding)
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(bom + (SIMPLIFIED + "\n").encode(encoding))
        found = read_source(path, path.name)
        assert not isinstance(found, Problem), found
        assert found.text.lstrip("\ufeff") == SIMPLIFIED + "\n" and found.encoding == "utf-16"
    broken = tmp_path / "broken.txt"
    broken.write_bytes("\ufeff".encode("utf-16-le") + b"\x00\xd8" * 40)  # lone surrogates
    assert isinstance(read_source(broken, "broken.txt"), Problem)
