"""``make mutate``: mutation testing of faqkit's core modules (not part of ``make test`` or CI).

Two passes, each scored per area of issue 12 (:mod:`.areas`):

* **code**: mutmut 3 on the functions of the scoped modules (:mod:`.farm` lays out the tree it needs);
* **constants and data**: every calibrated threshold set to a plausible wrong value, and the contact
  patterns of ``data/boilerplate.yaml`` (which mutmut cannot mutate) bent one way at a time
  (:mod:`.constants`).

A mutant the tests do not kill either gets a test or is listed, with the reason it changes nothing a
reader could see, in ``tests/mutation_equivalents.md``; :mod:`.score` prints killed / total and
killed / non-equivalent.
"""
