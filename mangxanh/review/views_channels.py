"""The registry of official channels and their feed sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mangxanh.org import permissions
from mangxanh.review.forms import (
    ChannelForm,
    SourceForm,
    UploadForm,
)
from mangxanh.review.models import FeedSource, OfficialChannel
from mangxanh.review.views_common import _require_role


def _channel(request, pk: int, capability: str = "channel.view") -> OfficialChannel:
    return permissions.get_in_scope_or_404(OfficialChannel.objects.select_related("unit"), request.user, capability,
                                           pk=pk)


@login_required
def channel_list(request):
    _require_role(request.user, "channel.view")
    channels = permissions.scoped(OfficialChannel.objects.select_related("unit"), request.user, "channel.view")
    if request.GET.get("no2fa"):
        channels = channels.filter(two_factor_enabled=False, active=True)
    can_manage = permissions.can_anywhere(request.user, "channel.manage")
    return render(request, "review/channel_list.html", {"channels": channels, "can_manage": can_manage})


@login_required
def channel_create(request):
    _require_role(request.user, "channel.manage")
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        channel = form.save()
        messages.success(request, "Đã thêm kênh chính thức.")
        return redirect("review:channel_detail", pk=channel.pk)
    return render(request, "review/channel_form.html", {"form": form})


@login_required
def channel_edit(request, pk: int):
    channel = _channel(request, pk, "channel.manage")
    form = ChannelForm(request.POST or None, instance=channel, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin kênh.")
        return redirect("review:channel_detail", pk=channel.pk)
    return render(request, "review/channel_form.html", {"form": form, "channel": channel})


@login_required
def channel_detail(request, pk: int):
    channel = _channel(request, pk)
    return render(request, "review/channel_detail.html", {
        "channel": channel,
        "can_manage": permissions.can(request.user, "channel.manage", channel.unit),
        "sources": channel.sources.all(),
        "runs": channel.fetch_runs.all()[:10],
        "items": channel.items.all()[:50],
        "source_form": SourceForm(),
        "upload_form": UploadForm(),
    })


@login_required
@require_POST
def channel_source_add(request, pk: int):
    channel = _channel(request, pk, "channel.manage")
    form = SourceForm(request.POST)
    if form.is_valid():
        FeedSource.objects.get_or_create(channel=channel, url=form.cleaned_data["url"],
                                         defaults={"kind": form.cleaned_data["kind"]})
        messages.success(request, "Đã thêm nguồn theo dõi; nguồn được tải tự động mỗi giờ.")
    else:
        messages.error(request, "Địa chỉ nguồn không hợp lệ (cần dạng https://…).")
    return redirect("review:channel_detail", pk=channel.pk)


@login_required
@require_POST
def channel_import(request, pk: int):
    from mangxanh.review.feeds import EXPORT_MAX_BYTES, import_export

    channel = _channel(request, pk, "channel.manage")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp CSV hoặc JSON đã xuất từ kênh.")
    elif upload.size > EXPORT_MAX_BYTES:
        messages.error(request, "Tệp xuất quá lớn (tối đa 10 MB).")
    else:
        run = import_export(channel, upload.read(), upload.name or "")
        if run.ok:
            messages.success(request, f"Đã nhập: {run.new_items} mục mới, {run.changed_items} mục thay đổi; đang quét.")
        else:
            messages.error(request, run.error)
    return redirect("review:channel_detail", pk=channel.pk)
