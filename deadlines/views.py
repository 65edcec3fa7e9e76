"""期限提醒: the board of what is overdue and what falls due soon, for the 收发秘书 and the office leaders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import background

from . import selectors, tasks


def _allowed(request) -> None:
    if not selectors.can_view_board(request.user):
        raise PermissionDenied("只有收发秘书和办公室领导可以查看期限一览。")


def board(request):
    _allowed(request)
    return render(request, "deadlines/board.html", {"board": selectors.board()})


@require_POST
def scan_now(request):
    """Ask a worker to scan now. With the broker away the page says so and the periodic scan catches up."""
    _allowed(request)
    if background.enqueue(tasks.scan, via="page"):
        messages.success(request, "已安排立即检查，新的提醒稍后送达。")
    else:
        messages.warning(request, "消息队列暂时无法连接，已记录；恢复后系统会自动补做检查并补发提醒。")
    return redirect("deadlines:board")
