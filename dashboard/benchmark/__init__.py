"""The ``benchmark`` command's parts: data set, database, in-process pages, load, report."""
