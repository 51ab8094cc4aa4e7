"""The municipality's hub: the signed year packages of many steering groups, gathered into
one picture (issue 26; Art. 2, 5, 6, 9 of the ordinance, carried out by the municipality).

The municipality mandates a group per neighbourhood (Art. 2, 5.2) and accounts for the
budgets it gave them; the ministry's evaluation of the neighbourhood approach compares
municipalities. Each group hands in a signed year package (regiegroep.exchange.year_package); the
hub trusts a group's public key once (``trust``), refuses a package it cannot verify,
keeps every package it received (a newer one of the same group and year supersedes the
older) and reports per municipality, per group and neighbourhood, and per theme
(``report``).

    db.py      one connection to SQLite (the default) or PostgreSQL, the same schema
    store.py   trusting keys, receiving packages (COPY on PostgreSQL), listing them
    report.py  the figures of a year, and the PDF, workbook and CSVs
    cli.py     the ``regiegroep-hub`` command

No Qt here: the hub runs on a server as well as on a laptop.
"""
