"""OCOP Publisher: a site's records and plans turned into its public catalog (see ARCHITECTURE.md).

The packages are floors: each imports only the packages of the floors below it, never one above
it or beside it (``tests/test_architecture.py`` reads every import and holds them to this list).
"""

FLOORS = (
    ("domain", "support"),  # the model and its rules; files, caches, workers that know nothing of OCOP
    ("records",),  # reading a site's input
    ("imports",),  # spreadsheets and official documents turned into records
    ("site",),  # the site's pages and files as data, and the table of their addresses
    ("render",),  # pages, cards, codes, charts and photos made into bytes
    ("project",),  # a site loaded, planned and rendered for a front end; its output folder
    ("devtools",),  # synthetic sites, the built-site checker
    ("mkdocs",),  # the front end for MkDocs and ProperDocs
    ("cli",),  # the ocop command
)
