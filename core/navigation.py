"""Navigation by chapter of the regulation, and which roles see each chapter.

A chapter whose app has not been built yet points at a placeholder page saying 尚未开放; when the app
arrives it sets ``url_name`` here and nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, roles_of

EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class Chapter:
    slug: str
    label: str
    articles: str  # the regulation articles the chapter implements
    roles: frozenset[Role]
    url_name: str = ""  # empty while the chapter is 尚未开放

    def url(self) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name)
            except NoReverseMatch:
                pass
        return reverse("core:chapter", args=[self.slug])

    @property
    def is_open(self) -> bool:
        if not self.url_name:
            return False
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


CHAPTERS: list[Chapter] = [
    Chapter(
        "incoming",
        "收文",
        "第二十六至二十九条",
        EVERYONE - {Role.TYPIST, Role.DUTY_OFFICER, Role.PETITION_RECEPTIONIST},
        url_name="incoming:list",
    ),
    Chapter(
        "outgoing",
        "发文",
        "第三十条",
        EVERYONE - {Role.DUTY_OFFICER, Role.PETITION_RECEPTIONIST},
        url_name="outgoing:list",
    ),
    Chapter("meetings", "会议", "第十七至二十五条", EVERYONE),
    Chapter(
        "supervision",
        "督查",
        "第三十七至四十条",
        COUNTY_LEADERS | OFFICE_LEADERS | {Role.SECTION_CHIEF, Role.LINE_STAFF},
    ),
    Chapter(
        "duty",
        "值班",
        "第四十一至四十三条",
        OFFICE_LEADERS | COUNTY_LEADERS | {Role.DUTY_OFFICER, Role.SECTION_CHIEF},
    ),
    # Petitioners' personal data is for petition staff and the handlers of a case [47]–[50].
    Chapter("petitions", "信访", "第四十七至五十条", OFFICE_LEADERS | {Role.PETITION_RECEPTIONIST}),
    Chapter("leave", "请销假", "第五十一、五十四条", OFFICE_STAFF),
    Chapter(
        "archives",
        "档案",
        "第三十一至三十四条",
        OFFICE_LEADERS | {Role.REGISTRY_CLERK, Role.ARCHIVIST, Role.SECTION_CHIEF},
        url_name="records:index",
    ),
]
CHAPTERS_BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}


def chapters_for(user) -> list[Chapter]:
    roles = roles_of(user)
    if user.is_superuser:
        return list(CHAPTERS)
    return [chapter for chapter in CHAPTERS if chapter.roles & roles]
