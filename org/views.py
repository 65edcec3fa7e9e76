from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .confidentiality import RULES, current_year, has_pledged, pledge
from .redirects import redirect_next, safe_next
from .services import password_changed


def confidentiality(request):
    """保密守则 [32]: read the ten rules and pledge, once a year."""
    target = safe_next(request, request.GET.get("next") or request.POST.get("next"))
    if request.method == "POST":
        pledge(user=request.user)
        messages.success(request, f"已确认{current_year()}年度保密守则。")
        # The home page is whatever sign-in lands on; org does not name a higher layer's URLs.
        return redirect_next(request, target)
    return render(
        request,
        "org/confidentiality.html",
        {"rules": RULES, "pledged": has_pledged(request.user), "year": current_year(), "next": target},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's 修改密码, ending the first-sign-in restriction once the person has chosen their own password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user)
        return response
