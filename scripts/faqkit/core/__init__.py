"""The text foundations every other part of faqkit builds on, and nothing of faqkit below them.

``records`` (the records that flow through ingest), ``text`` (Han characters, sentences, bigrams),
``data`` (the reviewable data files), ``lexicon`` (jieba with the project's words), ``script`` (the one
authority on Simplified and Traditional: detection and every conversion), ``typography`` (full-width
punctuation) and ``markdown`` (front matter, Markdown escaping, prose shielding, heading anchors).
"""
