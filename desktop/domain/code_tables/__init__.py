"""The code tables behind ``desktop.domain.codes``, one module a subject."""
