"""The areas of issue 12 item 3: which functions mutmut mutates in each, and which tests run against them.

Names are mutmut's: ``<module>.x_<function>__mutmut_<n>`` (``xǁ<Class>ǁ<method>`` for a method).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    name: str
    functions: tuple[str, ...]  # mutmut name globs, without the ``__mutmut_<n>`` suffix
    tests: tuple[str, ...]  # the test files the constants pass runs for this area

    def globs(self) -> list[str]:
        return [f"{function}__mutmut_*" for function in self.functions]

    def holds(self, mutant: str) -> bool:
        return any(fnmatch.fnmatchcase(mutant, glob) for glob in self.globs())


def _functions(module: str, *names: str) -> tuple[str, ...]:
    return tuple(f"faqkit.{module}.x_{name}" for name in names)


AREAS = (
    Area("repair", ("faqkit.ingest.repair.*",),
         ("tests/test_edges_repair.py", "tests/test_repair.py", "tests/test_repair_corpus.py")),
    Area("dedup", ("faqkit.dedup.*",), ("tests/test_edges_dedup.py", "tests/test_segment_dedup.py")),
    Area("publish", ("faqkit.publish.docs.*", "faqkit.publish.render.*"), ("tests/test_edges_publish.py",)),
    Area("contacts", _functions("check.prose", "_contact", "_contact_patterns"), ("tests/test_edges_contacts.py",)),
    Area("short answer", _functions("organize.answers", "max_short_answer", "_trim", "_short_answer_rules",
                                    "_answer_score", "best_answer", "short_answer", "question_answer",
                                    "_section_pools"),
         ("tests/test_edges_short_answer.py",)),
    Area("headings", _functions("ingest.segment", "as_question", "_heading_rules", "_is_heading_text",
                                "_heading_level", "_numbered_headings", "_first_question"),
         ("tests/test_edges_segment.py", "tests/test_segment_dedup.py")),
)

# The modules whose top-level functions lose their decorators in the copy mutmut mutates (see farm.py).
MODULES = ("ingest/repair/*.py", "dedup/*.py", "publish/docs.py", "publish/render.py", "check/prose.py",
           "organize/answers.py", "ingest/segment.py")


def area_of(mutant: str) -> Area | None:
    return next((area for area in AREAS if area.holds(mutant)), None)
