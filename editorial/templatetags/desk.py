"""Template filters of the editors' desk."""

from django import template

from editorial import workflow

register = template.Library()


@register.filter
def event_label(event) -> str:
    """What a review event did, as people read it: "Changes requested"."""
    return workflow.event_label(event)
