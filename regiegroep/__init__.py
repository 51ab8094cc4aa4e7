"""Regiegroep: the domain core.

Everything the ordinance "Subsidieverordening vouchers bewonersinitiatieven" or the law
decides lives here, free of Qt, so the desktop app, the kiosk and the command line obey
the same rules.
"""

__version__ = "0.1.0"
