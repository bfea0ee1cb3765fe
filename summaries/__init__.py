"""One owner for the cycle's kept columns: composes the columns each app declares
(``<app>/cycle_summary.py``) into the database's triggers (``triggers.py``), their recomputation
(``services.refresh_cycle_summaries``) and its check (``manage.py refresh_cycle_summaries
--check``). It sits above every app it composes and below those that read or load cycles in bulk."""
