"""Public check: is this page really a school's official channel?"""

from __future__ import annotations

from django.shortcuts import render

from mangxanh.core import throttle
from mangxanh.review.channels import check_channel
from mangxanh.review.forms import ChannelCheckForm

CHECK_LIMIT = 30  # look-ups per address per minute


def public_check(request):
    form = ChannelCheckForm(request.GET or None)
    result = None
    limited = False
    if request.GET and form.is_valid():
        if not throttle.take("review-check", throttle.address(request), CHECK_LIMIT, 60):
            limited = True
        else:
            result = check_channel(form.cleaned_data["q"])
    response = render(request, "review/public_check.html", {"form": form, "result": result, "limited": limited})
    if limited:
        response.status_code = 429
    return response
