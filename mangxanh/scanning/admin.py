from django.contrib import admin

from mangxanh.scanning.models import UnitPolicy


@admin.register(UnitPolicy)
class UnitPolicyAdmin(admin.ModelAdmin):
    list_display = ["unit", "updated_at"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = []
    raw_id_fields = ["unit"]
