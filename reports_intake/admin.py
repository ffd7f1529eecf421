"""Read-only metadata for system admins: queues, outbox health and key wraps. Never a payload, a
sealed key, a receipt lookup or a message: those fields are not even loaded."""

from django.contrib import admin

from reports_intake.models import KeyWrap, OutboxMessage, Report, TimelineEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KeyWrapInline(admin.TabularInline):
    model = KeyWrap
    fields = ("recipient_key_id", "suite", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    fields = ("seq", "kind", "organisation", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "received_at",
        "status",
        "urgent",
        "district_code",
        "neighbourhood_code",
        "language",
    )
    list_filter = ("status", "urgent", "location_kind", "reporter_role", "language")
    fields = (
        "id",
        "received_at",
        "incident_month",
        "location_kind",
        "district_code",
        "neighbourhood_code",
        "reporter_role",
        "language",
        "schema_version",
        "status",
        "urgent",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [KeyWrapInline, TimelineInline]
    show_full_result_count = False  # COUNT(*) over a million rows on every page is not worth it

    def get_queryset(self, request):
        # defer(): the ciphertext columns never leave the database for this page.
        return (
            super()
            .get_queryset(request)
            .defer("payload", "reporter_lookup", "reporter_public_key", "reporter_private_sealed")
        )


@admin.register(OutboxMessage)
class OutboxAdmin(ReadOnlyAdmin):
    list_display = ("task_name", "report_id", "created_at", "published_at", "attempts")
    list_filter = ("task_name", ("published_at", admin.EmptyFieldListFilter))
    fields = list_display
    readonly_fields = fields
