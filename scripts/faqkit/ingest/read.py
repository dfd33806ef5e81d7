"""Stage ``read``: bytes on disk -> decoded text, or a :class:`Problem` that names the file.

Sources come from content farms in any of UTF-8, GB18030 (a superset of GBK and GB2312) and Big5. We never
assume: a file is UTF-8 only when it decodes strictly as UTF-8; otherwise every legacy encoding that decodes
strictly is scored by how *common* the characters it yields are, because a wrong legacy decoding of Chinese
bytes still "succeeds" but produces rare characters.

What cannot be read whole is salvaged where that is certain, and said: a file cut inside its last character
loses that character; a file that pastes UTF-8 and GB18030/Big5 paragraphs together is decoded line by line.
Both are recorded as ``read`` changes (the mixed file as a flag for review) and shown by ``faqkit ingest``.
Every other reason not to read a file (empty, binary, too big, too many lines, a symbolic link, a special
file, a name that is not valid UTF-8 or holds control characters) is a :class:`Problem` naming the file.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core.records import Change, Problem, sha256_hex
from ..core.text import plausibility

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An article has tens of paragraphs; a file with thousands of lines is a dump of many pages (and would
# make segmentation slow for nothing).
MAX_LINES = 2_000
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
    changes: tuple[Change, ...] = ()  # what reading had to do (a cut last character, mixed encodings)


# Control characters that do not occur in text (tab, line feed, form feed, carriage return and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    """Bytes that are no text: a NUL, or many control bytes. UTF-16 with a byte-order mark is text
    (half its bytes are NUL): it is binary only when it does not decode."""
    if data.startswith(_UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
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


def printable_name(name: str) -> str:
    """A file name safe to print and to write in a report: undecodable bytes as ``\\xNN``, control
    characters escaped."""
    out = []
    for ch in name:
        if "\udc80" <= ch <= "\udcff":  # a byte that is not UTF-8 (os.fsdecode's surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif not ch.isprintable():
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def _name_problem(name: str) -> Problem | None:
    shown = printable_name(name)
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        return Problem(shown, "file name is not valid UTF-8, skipped; rename the file (its name is cited on the page)")
    if shown != name:
        return Problem(shown, "file name holds control characters (new line, tab...), skipped; rename the file")
    return None


def _truncated_tail(data: bytes) -> tuple[str, Change] | None:
    """UTF-8 whose only fault is a character cut off at the very end (an interrupted download)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        if error.end != len(data) or error.reason != "unexpected end of data":
            return None
        cut = data[error.start:]
    text = data[: len(data) - len(cut)].decode("utf-8")
    change = Change("read", "truncated-character", len(text),
                    f"the file ends inside a character ({len(cut)} of its bytes, {cut.hex(' ')}); "
                    "those bytes were dropped", "", applied=True)
    return text, change


def decode_lines(data: bytes) -> tuple[str, Change] | None:
    """A file that mixes UTF-8 lines with lines in one legacy encoding, decoded line by line.

    Each line that is strict UTF-8 stays UTF-8; the others must all decode strictly, and plausibly, in
    the one legacy encoding that fits them best. Anything less certain is not salvaged (``None``).
    """
    lines = data.split(b"\n")
    legacy = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    utf8_han = any(not line.isascii() for i, line in enumerate(lines) if i not in set(legacy))
    if not legacy or not utf8_han:
        return None
    joined = b"\n".join(lines[i] for i in legacy)
    found = decode(joined)
    if found is None or found[1] not in LEGACY_ENCODINGS:
        return None
    encoding = found[1]
    texts = [line.decode(encoding) if i in set(legacy) else line.decode("utf-8") for i, line in enumerate(lines)]
    text = "\n".join(texts)
    ranges = _ranges([i + 1 for i in legacy])
    change = Change("read", "mixed-encoding", 0,
                    f"mixed encodings: line{'s' if len(legacy) > 1 else ''} {ranges} read as {encoding.upper()}, "
                    "the rest as UTF-8; check those lines on the page", encoding, applied=False)
    return text, change


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    shown = [str(a) if a == b else f"{a}-{b}" for a, b in spans[:6]]
    return ", ".join(shown) + (", ..." if len(spans) > 6 else "")


def read_source(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText | Problem:
    """Read one source file; every reason to skip it is a :class:`Problem` naming the file."""
    data = read_bytes(path, name, max_bytes)
    return data if isinstance(data, Problem) else decode_source(name, data)


def read_bytes(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Problem:
    """The bytes of one source file, or the :class:`Problem` that keeps it from being an article before
    its encoding is looked at (name, kind of file, size, binary content, lines)."""
    bad_name = _name_problem(name)
    if bad_name:
        return bad_name
    try:
        info = path.lstat()
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return Problem(name, "symbolic link, skipped; copy the article itself into the sources folder")
    if not stat.S_ISREG(info.st_mode):
        return Problem(name, "not a regular file (a pipe, socket or device), skipped")
    size = info.st_size
    if size == 0:
        return Problem(name, "empty file, skipped")
    if size > max_bytes:
        return Problem(name, f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for one "
                             "article (is it a dump of many pages?), skipped; split it or raise --max-bytes")
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | getattr(os, "O_NOFOLLOW", 0))) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror}, skipped")
    if len(data) > max_bytes:  # grew while we looked
        return Problem(name, f"over the {max_bytes / 1e6:.0f} MB limit for one article, skipped")
    if looks_binary(data):
        return Problem(name, "binary file (not text), skipped")
    lines = data.count(b"\n") + 1
    if lines > MAX_LINES:
        return Problem(name, f"{lines:,} lines is over the {MAX_LINES:,}-line limit for one article "
                             "(is it a dump of many pages?), skipped; split it into articles")
    return data


def decode_source(name: str, data: bytes) -> SourceText | Problem:
    """The text of a source file's bytes (see :func:`decode`), or the :class:`Problem` that skips it."""
    changes: tuple[Change, ...] = ()
    decoded = decode(data)
    if decoded is None:
        salvaged = _truncated_tail(data) or decode_lines(data)
        if salvaged is not None:
            text, change = salvaged
            decoded, changes = (text, "utf-8" if change.fix == "truncated-character" else "mixed"), (change,)
    if decoded is None:
        return Problem(name, "unknown encoding (not UTF-8, GB18030 or Big5, nor a mix of UTF-8 and one "
                             "of them), skipped; re-save it as UTF-8")
    text, encoding = decoded
    if not text.strip():
        return Problem(name, "only white space, skipped")
    return SourceText(name=name, sha256=sha256_hex(data), text=text, encoding=encoding,
                      is_html=_sniff_html(name, text), changes=changes)


_VCS_FOLDERS = {".git", ".hg", ".svn"}


def list_sources(root: Path) -> list[tuple[Path, str]]:
    """Every entry below ``root`` that is not a folder (files, links, special files: ``read_source`` says
    which it cannot read), but version-control folders; sorted by relative POSIX name. Symbolic links to
    folders are not followed."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in _VCS_FOLDERS and d not in links)
        for file_name in [*files, *links]:
            path = Path(folder) / file_name
            found.append((path, path.relative_to(root).as_posix()))
    return sorted(found, key=lambda t: t[1])
