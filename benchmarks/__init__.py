"""Measurements of every app on program-scale generated data (``manage.py benchmark`` and the
``benchmark_*`` commands): the top floor, which may import any app and is imported by none."""
