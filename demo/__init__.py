"""The demo data set (``manage.py seed_demo``): the top floor, composing each app's own demo
builder (``<app>/demo.py``) in the order the floors go, lowest first."""
