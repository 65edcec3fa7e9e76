"""``{% load archive %}{% filed_item doc as item %}``: the 件 a document was filed as, from ``core.archive``."""

from django import template

from core import archive

register = template.Library()


@register.simple_tag
def filed_item(doc):
    return archive.filed_item(doc)
