from django import template

register = template.Library()


@register.filter
def index(sequence, position: int):
    """``items|index:i`` — the i-th item (for columns that pair with a header row)."""
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return None


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` — a dict value by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
