"""Template filters of the editors' desk."""

from django import template

from editorial import workflow

register = template.Library()


@register.filter
def event_label(action: str) -> str:
    """A review event's action code as people read it: "Changes requested"."""
    return workflow.event_label(action)
