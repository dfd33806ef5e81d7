"""Publish: the organized pages rendered as Markdown (:mod:`.render`), written into docs/ in one atomic
step that never overwrites a page a person edited (:mod:`.docs`), and the ingest report (:mod:`.report`)."""
