from django.contrib import admin

from motcua.worktime.models import DayOverride, WorkSchedule


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "legal_basis", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"
    ordering = ["-date"]
    readonly_fields = ["updated_at"]


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "weekdays",
    ]
    search_fields = ["name"]
    readonly_fields = ["updated_at"]
