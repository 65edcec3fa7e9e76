"""Bad input is never a 500 (issue 12): every form and admin action the URL conf leads to, posted with empty,
over-long, NUL, wrong-type and unknown-choice values.

Nothing here names a page. The forms are found by walking the site as one person per role (and the
administrator), from every URL pattern that takes no argument and every link on the pages reached; URL patterns
with arguments are filled in from the links found, and each pattern — a POST-only step too — is posted to
whether or not a page showed its form. The admin is walked from ``admin.site``: each model's add and change
forms, every bulk action, unknown actions and transitions. A new app (meetings, …) is covered by its URLs and
its demo builder, with no edit here. Data comes from ``seed_demo`` (every chapter registers its builder).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import NoReverseMatch, Resolver404

LONG = "长" * 5000
HUGE_ID = "99999999999999999999"
UNKNOWN = "不存在的选项"
HTML_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>"
FILE_SUFFIX = re.compile(r"\.(pdf|xlsx|ics|docx?|zip|png|jpe?g)$")
SKIP_NAMES = {"logout", "password_change", "healthz"}  # signing out and a new password end the walk
PAGES_PER_PATTERN = 2  # per person: two documents of a kind are enough to find its forms
MAX_PAGES = 400  # per person


class Form:
    def __init__(self, action: str, method: str):
        self.action, self.method = action, method
        self.fields: list[dict] = []


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self.forms[-1].fields.append(
                {"tag": tag, "type": kind, "name": a["name"], "value": a.get("value", ""), "checked": "checked" in a}
            )
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "type": "select", "name": a["name"], "options": [], "value": ""}
            self.forms[-1].fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a or not self._select["value"]:
                self._select["value"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "type": "textarea", "name": a["name"], "value": ""}
            self.forms[-1].fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


# --- what to post -----------------------------------------------------------------------------------------------

TEXT = {"text", "textarea", "search", "email", "tel", "url", "password"}


def _base(fields) -> dict[str, list]:
    data: dict[str, list] = defaultdict(list)
    submitted = False
    for f in fields:
        if f["type"] in ("submit", "button", "image"):
            if not submitted:  # the first named button, as a click on it sends
                data[f["name"]].append(f["value"])
                submitted = True
        elif f["type"] in ("checkbox", "radio"):
            if f["checked"] or (f["type"] == "radio" and f["name"] not in data):
                data[f["name"]].append(f["value"] or "on")
        elif f["type"] != "file":
            data[f["name"]].append(f["value"])
    return data


def _variants(fields) -> dict[str, dict]:
    base = _base(fields)
    kinds = {f["name"]: f["type"] for f in fields}
    files = [f["name"] for f in fields if f["type"] == "file"]

    def each(change) -> dict:
        out = {}
        for name, values in base.items():
            if name == "csrfmiddlewaretoken":
                continue
            out[name] = [change(kinds.get(name, "text"), v) for v in values] or [change(kinds.get(name), "")]
        return out

    def wrong(kind, value):
        if kind in ("number", "range"):
            return "abc"
        if kind in ("date", "datetime-local", "time", "month"):
            return "2026-13-45"
        if kind in ("select", "hidden", "radio", "checkbox") and (value.isdigit() or not value):
            return HUGE_ID
        if kind == "email":
            return "@@"
        return value

    variants = {
        "empty": {name: [""] for name in base if name != "csrfmiddlewaretoken"},
        "over-long": each(lambda kind, v: LONG if kind in TEXT else v),
        "NUL": each(lambda kind, v: (v or "x") + "\x00"),
        "wrong-type": each(wrong),
        "unknown-choice": each(lambda kind, v: UNKNOWN if kind in ("select", "radio", "checkbox", "hidden") else v),
    }
    for data in variants.values():
        for name in files:
            data[name] = [SimpleUploadedFile("扫描件.pdf", HTML_PDF, content_type="application/pdf")]
    return variants


# --- the walk ---------------------------------------------------------------------------------------------------


def _patterns(resolvers=None, prefix="", namespace="") -> list[tuple[str, str]]:
    """(view name, route) of every URL pattern outside the admin."""
    out = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            out += _patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            out.append((namespace + entry.name, prefix + str(entry.pattern)))
    return out


def _key(path: str):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


class Walk:
    def __init__(self):
        self.samples: dict[str, dict[str, object]] = defaultdict(dict)  # view name → {path seen: who saw it}
        self.forms: dict[tuple, tuple] = {}  # (view name, field names) → (user, path, fields)
        self.failures: list[str] = []
        self.posts = 0

    def fail(self, line: str) -> None:
        self.failures.append(line)
        print("FUZZ 5xx:", line, flush=True)

    def request(self, client, method, url, data=None, what=""):
        try:
            response = client.post(url, data or {}) if method == "post" else client.get(url)
        except Exception as error:  # a 500: the test client raises what the view raised
            self.fail(f"{method.upper()} {url} [{what}] → {type(error).__name__}: {str(error)[:200]}")
            return None
        if response.status_code >= 500:
            self.fail(f"{method.upper()} {url} [{what}] → {response.status_code}")
        self.posts += method == "post"
        return response

    def crawl(self, client, user, starts: list[str]):
        seen_per_key: dict = defaultdict(int)
        queue, seen = list(starts), set()
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            parts = urlsplit(url)
            if url in seen or FILE_SUFFIX.search(parts.path) or "export=" in parts.query or "format=" in parts.query:
                continue
            key = _key(parts.path)
            if key is None or key.split(":")[-1] in SKIP_NAMES or key.startswith("admin:"):
                continue
            if seen_per_key[key] >= PAGES_PER_PATTERN:
                continue
            seen.add(url)
            seen_per_key[key] += 1
            self.samples[key].setdefault(parts.path, user)
            response = self.request(client, "get", url, what="page")
            if response is None or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = _Parser()
            parser.feed(response.content.decode(errors="replace"))
            for href in parser.links:
                target = urljoin(url, href)
                if target.startswith("/") and not target.startswith("//"):
                    queue.append(target.split("#")[0])
            for form in parser.forms:
                if form.method != "post":
                    continue
                action = urljoin(url, form.action or url)
                action_key = _key(urlsplit(action).path)
                if action_key is None or action_key.split(":")[-1] in SKIP_NAMES:
                    continue
                self.samples[action_key].setdefault(urlsplit(action).path, user)  # a POST-only step too
                names = tuple(sorted({f["name"] for f in form.fields}))
                self.forms.setdefault((action_key, names), (user, action, form.fields))


def _people():
    """The administrator and one active person of each role."""
    User = get_user_model()
    people = [User.objects.filter(is_superuser=True, is_active=True).first()]
    for group in Group.objects.order_by("name"):
        member = group.user_set.filter(is_active=True).order_by("pk").first()
        if member and member not in people:
            people.append(member)
    return [p for p in people if p is not None]


def _client(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_no_form_and_no_admin_action_answers_a_5xx(settings, tmp_path):
    """Issue 12: a NUL in 催办, 越过, 签阅, 新建销毁清册, 添加销毁条目; ``?next=abc``; unknown admin transitions."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    walk = Walk()
    patterns = _patterns()
    from django.urls import reverse

    starts = []
    for name, _route in patterns:
        with contextlib.suppress(NoReverseMatch):  # one that takes arguments is reached through the links
            starts.append(reverse(name))
    people = _people()
    for user in people:
        walk.crawl(_client(user), user, ["/", *starts])
    # Every form found, posted five ways by the person who saw it.
    for (key, _names), (user, action, fields) in walk.forms.items():
        client = _client(user)
        for what, data in _variants(fields).items():
            walk.request(client, "post", action, data, f"{key} {what}")
    # Every pattern reached, posted to with junk even where no page showed its form (POST-only steps), and asked
    # with junk in the query, by the first person who reached it.
    junk = {"title": "x\x00", "comment": LONG, "id": HUGE_ID, "next": "abc", "pk": "abc"}
    for name, _route in patterns:
        if name.split(":")[-1] in SKIP_NAMES:
            continue
        for path, user in list(walk.samples.get(name, {}).items())[:1]:
            client = _client(user)
            walk.request(client, "post", path, junk, f"{name} junk")
            walk.request(client, "get", path + "?next=abc&page=abc&q=%00&year=99999&month=13", what=f"{name} query")
    # Patterns no link or form led to (a step the demo's documents are not at): filled in with the arguments of
    # the pages reached (``incoming:chase`` takes the ``pk`` of ``incoming:detail``) and posted by everyone.
    arguments = []  # (namespace, kwargs) of every page reached
    for key, paths in list(walk.samples.items()):
        for path in paths:
            kwargs = resolve(path).kwargs
            if kwargs and (key.split(":")[0], kwargs) not in arguments:
                arguments.append((key.split(":")[0], kwargs))
    nul = dict.fromkeys(("comment", "note", "reason", "opinion", "title", "description", "explanation"), "x\x00")
    nul |= {"method": UNKNOWN, "target": HUGE_ID, "reader": "abc", "ground": UNKNOWN, "next": "abc"}
    for name, route in patterns:
        if name in walk.samples or name.split(":")[-1] in SKIP_NAMES or FILE_SUFFIX.search(route):
            continue
        namespace = name.split(":")[0]
        for _, kwargs in sorted(arguments, key=lambda item: item[0] != namespace):  # its own app's first
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            for user in people:
                walk.request(_client(user), "post", path, nul, f"{name} by argument")
            walk.samples[name][path] = people[0]
            break
    _walk_admin(walk, people[0])
    print(
        f"fuzz: {len(people)} people, {sum(len(v) for v in walk.samples.values())} pages of "
        f"{len(walk.samples)} patterns, {len(walk.forms)} forms, {walk.posts} posts"
    )
    unreached = sorted(
        name for name, _ in patterns if name not in walk.samples and name.split(":")[-1] not in SKIP_NAMES
    )
    print("patterns neither a link nor a form led to:", unreached)
    print("forms:", sorted({key for key, _ in walk.forms}))
    assert len(walk.forms) >= 10, "the walk found almost no forms: is seed_demo building the office?"
    assert not walk.failures, "\n".join(walk.failures)


def _walk_admin(walk: Walk, superuser) -> None:
    client = _client(superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        from django.urls import reverse

        changelist = reverse(f"{prefix}_changelist")
        obj = model_admin.get_queryset(request).order_by("-pk").first()
        pks = [str(obj.pk)] if obj else []
        for name in [*model_admin.get_actions(request), "no_such_action"]:
            for confirm in ({}, {"post": "yes"}):
                data = {"action": name, "_selected_action": [*pks, "abc", HUGE_ID], "index": "0", **confirm}
                walk.request(client, "post", changelist, data, f"{prefix} action {name}")
        walk.request(client, "get", changelist + "?q=%00&o=abc&p=999&state__exact=zz&e=1", what=f"{prefix} query")
        pages = [reverse(f"{prefix}_add")]
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
            try:
                for name in ("bogus", "__init__", "delete"):
                    url = reverse(f"{prefix}_transition", args=[obj.pk, name])
                    walk.request(client, "get", url, what=f"{prefix} transition")
            except NoReverseMatch:
                pass  # no workflow
        for page in pages:
            response = walk.request(client, "get", page, what=f"{prefix} form")
            if response is None or response.status_code != 200:
                continue
            parser = _Parser()
            parser.feed(response.content.decode(errors="replace"))
            for form in parser.forms:
                if form.method != "post" or form.action.startswith("/admin/logout"):
                    continue
                for what, data in _variants(form.fields).items():
                    data["_fsm_transition_to"] = (
                        ["bogus"] if what == "unknown-choice" else data.get("_fsm_transition_to", [])
                    )
                    walk.request(client, "post", urljoin(page, form.action or page), data, f"{prefix} {what}")
