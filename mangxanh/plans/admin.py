"""System administrators edit documents with their tasks, and indicators, in the Django admin."""

from django.contrib import admin

from mangxanh.plans.models import Document, Indicator, PlanTask, ReportPeriod


class PlanTaskInline(admin.StackedInline):
    model = PlanTask
    extra = 0
    filter_horizontal = ["assigned_types"]
    raw_id_fields = ["assigned_units"]


class ReportPeriodInline(admin.TabularInline):
    model = ReportPeriod
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "kind", "status", "issued_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "unit__name", "symbol"]
    raw_id_fields = ["unit", "parent", "created_by"]
    inlines = [PlanTaskInline, ReportPeriodInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "formula", "target", "period"]
    search_fields = ["name", "formula"]
    raw_id_fields = ["unit", "document"]
