"""Demo requests, made through the real services so they are ones the app could make: a handful in each state.

Idempotent: nothing is added when the office already has leave requests. Dates are counted from the day the
demo is built, on the holiday calendar, so every request is one the rules allow on that day.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from org.models import Profile

from . import services
from .defaults import ensure_default_kinds
from .models import LeaveKind, LeaveRequest
from .periods import Half
from .services import LeaveData

# Work-start dates (参加工作时间) of the demo office, for 年休假 [the national rule: 5/10/15 days].
WORK_STARTED = {
    "zhuren": date(1998, 8, 1),
    "fuzhuren_wenmi": date(2005, 7, 1),
    "fuzhuren": date(2008, 9, 1),
    "kezhang": date(2010, 7, 1),
    "jiyao": date(2012, 7, 1),
    "fazhi": date(2013, 8, 1),
    "shoufa": date(2016, 7, 1),
    "guikou1": date(2017, 7, 1),
    "guikou2": date(2019, 8, 1),
    "guikou3": date(2021, 7, 1),
    "dazi": date(2014, 3, 1),
    "zhiban": date(2018, 9, 1),
    "xinfang": date(2020, 7, 1),
    "dangan": date(2011, 7, 1),
}


def _working_days_from(calendar: WorkCalendar, day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (before it when negative)."""
    step = calendar.next_working_day if count > 0 else calendar.previous_working_day
    for _ in range(abs(count)):
        day = step(day)
    return day


@transaction.atomic
def build_demo_leave(users) -> int:
    if LeaveRequest.objects.exists():
        return 0
    for username, started in WORK_STARTED.items():
        if username in users:
            Profile.objects.filter(user=users[username], work_started_on__isnull=True).update(work_started_on=started)
    ensure_default_kinds()  # a flushed database has lost the migration's rows
    kinds = {k.name: k for k in LeaveKind.objects.all()}
    calendar = WorkCalendar.load()
    today = timezone.localdate()

    def day(n: int) -> date:
        return _working_days_from(calendar, today, n) if n else today

    def make(who, kind, start, end, *, start_half=Half.AM, end_half=Half.PM, send=True, **extra):
        data = LeaveData(
            kind=kinds[kind], start_date=start, end_date=end, start_half=start_half, end_half=end_half, **extra
        )
        req = services.leave_create(actor=users[who], data=data)
        if send:
            services.leave_submit(actor=users[who], pk=req.pk)
        return req

    # 草稿: not sent yet.
    make("guikou3", "事假", day(6), day(6), send=False, reason="家中有事")
    # 待审批: half a day → the section's 分管 leader [54]; a deputy director leaving the county → the director [51].
    make("guikou2", "事假", day(2), day(2), end_half=Half.AM, reason="办理户籍手续", cover=users["guikou1"])
    make(
        "fuzhuren",
        "出差",
        day(3),
        day(5),
        reason="赴西宁参加全省政府办公室系统业务培训会",
        destination="西宁市",
        leaves_county=True,
        cover=users["fuzhuren_wenmi"],
    )
    make("fazhi", "年休假", day(8), day(10), reason="休年假", destination="玉树市", cover=users["guikou1"])
    # 已批准, not begun: two days → the director [54].
    req = make(
        "kezhang", "出差", day(4), day(5), reason="赴州政府办汇报工作", destination="玉树州结古镇", leaves_county=True
    )
    services.leave_approve(actor=users["zhuren"], pk=req.pk, comment="同意，注意行车安全。")
    # 未批准.
    req = make("dazi", "事假", day(1), day(1), reason="个人事务")
    services.leave_reject(actor=users["fuzhuren_wenmi"], pk=req.pk, reason="当天有重要文件印制任务，请另行安排时间。")
    # 外出中: sick leave reported afterwards (病假 may be), approved.
    req = make("zhiban", "病假", day(-1), day(1), reason="感冒发烧，医院开具病假证明", cover=users["guikou3"])
    services.leave_approve(actor=users["zhuren"], pk=req.pk)
    # 已销假, back a day early: the absence was shortened.
    req = make("xinfang", "病假", day(-3), today, reason="腰伤复查")
    services.leave_approve(actor=users["zhuren"], pk=req.pk)
    services.leave_return(actor=users["xinfang"], pk=req.pk, returned_on=today, returned_half=Half.AM)
    # 已撤回.
    req = make("guikou1", "事假", day(7), day(7), reason="陪同家人就医")
    services.leave_withdraw(actor=users["guikou1"], pk=req.pk, reason="家人已安排好，不再需要请假。")
    return LeaveRequest.objects.count()
