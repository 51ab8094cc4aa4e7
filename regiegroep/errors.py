"""Errors a user can act on, as opposed to bugs."""


class UserError(Exception):
    """A problem the user can fix; the message is translated and says what to do.

    The command line prints it without a traceback; the app shows it in a dialog.
    """


class RegisterError(UserError):
    """The register file cannot be used (not a register, newer version, damaged, in use)."""


class AccessDenied(UserError):
    """The person signed in may not do or see this (regiegroep.trust.access): refused before
    anything was read or written."""
