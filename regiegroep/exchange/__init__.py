"""Exchange (Art. 4.4, 9): the register's data in and out as files.

``exchange.importer``: applications typed into a spreadsheet; ``exchange.export``: the
register as JSON or CSV in order of receipt; ``exchange.reconcile``: the vouchers for the
municipality's cash system, and its payments compared with the register's.
"""
