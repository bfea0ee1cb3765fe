from django import template

register = template.Library()


@register.filter
def display_name(user) -> str:
    """Full name, else username, else a dash (the author may have been removed)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
