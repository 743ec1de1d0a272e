"""Wushe Desk (五社联动工作台): offline-first desktop app for township social-work stations."""

__version__ = "0.1.0"
