"""Stage ``read``: bytes on disk -> decoded text, or a :class:`Problem` that names the file.

Sources come from content farms in any of UTF-8, GB18030 (a superset of GBK and GB2312) and Big5. We never
assume: a file is UTF-8 only when it decodes strictly as UTF-8; otherwise every legacy encoding that decodes
strictly is scored by how *common* the characters it yields are, because a wrong legacy decoding of Chinese
bytes still "succeeds" but produces rare characters.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .record import Problem, sha256_hex
from .textutil import is_han

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
LEGACY_ENCODINGS = ("gb18030", "big5")
# Below this share of common characters, no decoding is trusted.
MIN_PLAUSIBILITY = 0.6


@dataclass(frozen=True)
class SourceText:
    name: str
    sha256: str
    text: str
    encoding: str
    is_html: bool


def _is_common_hanzi(ch: str) -> bool:
    """True for the ~3,755 level-1 GB2312 characters and the ~5,400 common Big5 characters."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0A1 <= int.from_bytes(gb, "big") <= 0xD7F9:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        return 0xA440 <= int.from_bytes(b5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """Share of Han characters in ``text`` that are common ones (1.0 when there are none)."""
    han = [ch for ch in text if is_han(ch)]
    if not han:
        return 1.0
    return sum(_is_common_hanzi(ch) for ch in han) / len(han)


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str] | None:
    """Return ``(text, encoding)`` or ``None`` when no supported encoding fits the bytes."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return (text, enc) if plausibility(text) >= MIN_PLAUSIBILITY else None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), enc, text))
    if not candidates:
        return None
    score, enc, text = max(candidates, key=lambda c: (c[0], c[1] == "gb18030"))
    if score < MIN_PLAUSIBILITY:
        return None
    return text, enc


def _sniff_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text[:2048].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head


def read_source(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText | Problem:
    """Read one source file; every reason to skip it is a :class:`Problem` naming the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror}")
    if size == 0:
        return Problem(name, "empty file, skipped")
    if size > max_bytes:
        return Problem(name, f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for one "
                             "article (is it a dump of many pages?), skipped; split it or raise --max-bytes")
    data = path.read_bytes()
    if looks_binary(data):
        return Problem(name, "binary file (not text), skipped")
    decoded = decode(data)
    if decoded is None:
        return Problem(name, "unknown encoding (not UTF-8, GB18030 or Big5), skipped; "
                             "re-save it as UTF-8")
    text, encoding = decoded
    if not text.strip():
        return Problem(name, "only white space, skipped")
    return SourceText(name=name, sha256=sha256_hex(data), text=text, encoding=encoding,
                      is_html=_sniff_html(name, text))


_VCS_FOLDERS = {".git", ".hg", ".svn"}


def list_sources(root: Path) -> list[tuple[Path, str]]:
    """Every regular file below ``root`` but version-control folders (sorted, relative, POSIX slashes)."""
    files = [p for p in root.rglob("*")
             if p.is_file() and not _VCS_FOLDERS & set(p.relative_to(root).parts[:-1])]
    return sorted(((p, p.relative_to(root).as_posix()) for p in files), key=lambda t: t[1])
