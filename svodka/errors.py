"""Errors a user can act on: shown as one line, never as a traceback."""


class SvodkaError(Exception):
    """Base class: the message is the whole story for the user."""


class InputError(SvodkaError):
    """Bad input: empty, binary, undecodable, not Russian, too large."""
