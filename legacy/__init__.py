"""Import of an earlier DataMed installation's database (``manage.py import_legacy_datamed``): the app
above patients, exams and therapy that writes into all of them."""
