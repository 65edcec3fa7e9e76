"""The registration points a chapter app plugs into from its ``AppConfig.ready()`` (issue 9)."""

from __future__ import annotations

import pytest

from core import demo, navigation

pytestmark = pytest.mark.django_db


def test_a_chapter_app_replaces_its_placeholder_in_the_same_place(client_as, monkeypatch):
    # Every placeholder's chapter is built by now: take petitions back to its placeholder for this test.
    monkeypatch.delitem(navigation._registered, "petitions")
    before = [chapter.slug for chapter in navigation.chapters()]
    assert not navigation.get("petitions").is_open
    built = navigation.Chapter(
        "petitions", "信访", "第四十七至五十条", 60, visible_to=lambda user: True, url_name="core:notifications"
    )
    with navigation.registered(built):
        assert [chapter.slug for chapter in navigation.chapters()] == before
        assert navigation.get("petitions") is built and built.is_open
        # Who sees it is the app's rule now, not the placeholder's roles.
        assert 'data-nav="petitions"' in client_as("guikou1").get("/").content.decode()
    assert not navigation.get("petitions").is_open


def test_seed_builds_the_office_then_each_builder_in_order(monkeypatch):
    monkeypatch.setattr(demo, "_builders", {})
    ran = []
    demo.register("later", order=20, build=lambda users: ran.append("later") or 3, label="演示督查事项", unit="项")
    demo.register("first", order=10, build=lambda users: ran.append(users["shoufa"].username) or 0, label="演示会议")
    lines = []
    demo.seed(report=lines.append)
    assert ran == ["shoufa", "later"]  # the office is built first; its people reach every builder
    assert lines == ["已建立演示督查事项 3 项。"]  # nothing is said for a builder that made nothing
