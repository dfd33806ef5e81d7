"""Stage ``jurisdiction``: whose law, institutions and procedures an article's advice is for.

``mainland``, ``taiwan``, ``hongkong``, or ``general`` when nothing in it is particular to one of them.
The evidence is weighed, never a single word (``data/jurisdiction.yaml``): every law, institution,
procedure, currency and regional word found adds its weight to its jurisdiction, each term counted at
most ``cap`` times. The heaviest wins if it has at least ``min_score`` and the next one less than
``compare_ratio`` of it, so a mainland article that mentions Taiwan once stays mainland, and an article
that sets two systems side by side is ``general`` (it belongs to neither one's page). The terms found are
the Change's ``before``, so the report shows a reviewer why.

Pure: a function of the canonical text (Simplified, cleaned), which is what the terms are written in.
"""

from __future__ import annotations

# The words of each jurisdiction and where a text uses them live in core (organize asks them too).
from ..core.jurisdiction import GENERAL, JURISDICTIONS, Found, Rules, Term, evidence, load_rules
from ..core.records import Change

__all__ = ["GENERAL", "JURISDICTIONS", "Found", "Rules", "Term", "detect", "evidence", "load_rules", "ruled_out"]


def detect(text: str, rules: Rules | None = None, terms: dict[str, Found] | None = None) -> tuple[str, Change]:
    """The article's jurisdiction, and a Change whose ``before`` lists the evidence and ``after`` the reason.
    ``terms``: the text's :func:`evidence`, when the caller has it already."""
    rules = rules or load_rules()
    terms = evidence(text, rules) if terms is None else terms
    score = _weights(terms, rules)
    ranked = sorted(JURISDICTIONS, key=lambda name: (-score[name], JURISDICTIONS.index(name)))
    best, second = ranked[0], ranked[1]
    heaviest = max(terms[best].weights.values()) if best in terms else 0
    if score[best] < rules.min_score:
        label, why = GENERAL, f"general: no jurisdiction has weight {rules.min_score} ({_scores(score)})"
    elif heaviest < rules.min_term_weight:
        label, why = GENERAL, f"general: only regional words, no law or institution of {best} ({_scores(score)})"
    elif score[second] >= rules.compare_ratio * score[best] or (
            score[second] >= rules.min_score and rules.compare_cues.search(text)):
        label, why = GENERAL, f"general: compares {best} and {second} ({_scores(score)})"
    else:
        label, why = best, f"{best}: {_scores(score)}"
    shown = "; ".join(f"{name} " + ", ".join(f"{w}×{n}" for w, n in terms[name].counts.most_common(8))
                      for name in ranked if name in terms)
    return label, Change("jurisdiction", label, 0, shown, why)


def ruled_out(found: str, written_in: str, terms: dict[str, Found] | None = None,
              rules: Rules | None = None) -> tuple[str, ...]:
    """The jurisdictions a ``general`` article written in ``written_in`` (``Hans``/``Hant``, as
    :func:`faqkit.core.script.detect_script` tells it from the text before canon) is not for: the script
    rules them out, never in. An article its terms give to a jurisdiction is that one's, whatever script;
    and a jurisdiction its ``terms`` (the text's :func:`evidence`) speak for more than for any other (网贷
    alone: a mainland content farm's page served in Traditional) is not ruled out by the script."""
    if found != GENERAL:
        return ()
    rules = rules or load_rules()
    out = dict(rules.rules_out).get(written_in, ())
    if not out or terms is None:
        return out
    score = _weights(terms, rules)
    return tuple(name for name in out if not all(score[name] > score[other] for other in JURISDICTIONS
                                                    if other != name))


def _weights(terms: dict[str, Found], rules: Rules) -> dict[str, int]:
    """Each jurisdiction's weight of evidence (0 without a term)."""
    return {name: terms[name].score(rules.cap) if name in terms else 0 for name in JURISDICTIONS}


def _scores(score: dict[str, int]) -> str:
    return ", ".join(f"{name} {score[name]}" for name in sorted(score, key=lambda n: -score[n]) if score[name]) \
        or "no term found"
