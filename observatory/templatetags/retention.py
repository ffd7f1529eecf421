"""`{% retention_of report as retention %}` for the staff case page (observatory.operations.retention)."""

from django import template

from observatory.operations import retention as policy

register = template.Library()


@register.simple_tag
def retention_of(report) -> policy.Retention:
    return policy.retention_of(report)
