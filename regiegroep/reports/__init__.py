"""Reports (Art. 2, 5, 6, 7.2, 9): what happened to a neighbourhood's money in a year.

``reports.accounts``: the accounts of a budget year, one row per application;
``reports.rows``: the report's columns, kept once; ``reports.report_figures``: the totals as
every report prints them; ``reports.exchange_report`` writes the year report's files (PDF by
regiegroep.documents.year_report, CSVs, the workbook of ``reports.workbook_report``);
``reports.publication``: what may be made public of the grants (Art. 7.2).
"""
