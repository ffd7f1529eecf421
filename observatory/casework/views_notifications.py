"""A staff member's choice of content-free e-mail notices (casework.notifications): on or off, for the
membership the staff pages act under. Needs an e-mail address on the account."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from observatory.casework.views import staff_view


class NotifyForm(forms.Form):
    notify_by_email = forms.BooleanField(
        label=gettext_lazy(
            'E-mail me "a new case is waiting" and "the reporter wrote" (no content, no case id)'
        ),
        required=False,
    )


@staff_view(casework=True)
def notification_settings(request):
    membership = request.membership
    if request.method == "POST":
        form = NotifyForm(request.POST)
        if form.is_valid():
            membership.notify_by_email = form.cleaned_data["notify_by_email"]
            membership.save(update_fields=["notify_by_email", "updated_at"])
            messages.success(request, _("Saved."))
            return redirect("casework:notifications")
    else:
        form = NotifyForm(initial={"notify_by_email": membership.notify_by_email})
    return render(
        request,
        "casework/notifications.html",
        {"form": form, "has_email": bool(request.user.email), "email": request.user.email},
    )
