"""The records rules a template asks about the signed-in person (the 档案 sub-navigation)."""

from django import template

from documents.records import rules

register = template.Library()


@register.filter
def can_see_fixity(user) -> bool:
    return rules.can_see_fixity(user)


# The sub-navigation shows only the pages the person may open (issue 14: a county head or line staff reaches 文件销毁
# as a signer or 监销人 [34], and was offered 待归档, 档案检索 … each answering 403).
@register.filter
def can_open_records(user) -> bool:
    return rules.can_open_records(user)


@register.filter
def can_see_custody(user) -> bool:
    return rules.can_see_custody(user)
