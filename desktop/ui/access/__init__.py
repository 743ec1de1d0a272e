"""Accounts at the keyboard: sign-in, recovery, password changes, the recovery code and the idle lock."""
