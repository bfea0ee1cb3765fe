"""Import of an earlier DataMed installation's database (``manage.py import_legacy_datamed``)."""
