"""``ocop import-products``: the spreadsheets provinces keep (.xlsx, .csv) become catalog records.

:mod:`.columns` recognises the headings, :mod:`.sheets` finds the table in each sheet,
:mod:`.rows` reads a row (with :mod:`.guess` for a missing group), :mod:`.catalog` matches it
against the site's records, :mod:`.records` writes or edits the YAML, :mod:`.importer` ties
them together and :mod:`.report` says what happened to every row.
"""
