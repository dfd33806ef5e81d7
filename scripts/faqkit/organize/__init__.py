"""Organize: articles into pages, each reader question answered once.

:mod:`.pages` plans the pages from the articles and their duplicate clusters, :mod:`.answers` merges
answers and picks short answers, :mod:`.facts` gives a page its category, tags and file name, and
:mod:`.related` its related questions.
"""

from __future__ import annotations

from .facts import Facts, categories, facts
from .pages import PageGroups, PagePlan, Plan, completeness, page_groups, plan_pages

__all__ = ["Facts", "PageGroups", "PagePlan", "Plan", "categories", "completeness", "facts", "page_groups",
           "plan_pages"]
