"""faqkit: turns raw content-farm articles into a clean, two-script FAQ knowledge base."""

__version__ = "0.1.0"
