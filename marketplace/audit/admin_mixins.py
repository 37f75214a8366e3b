"""Back-office pieces shared by every app's admin: nothing changes in admin without an audit event, and every box
on an editable list says what it is for."""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import transaction

from .services import record_event


def event_name(model):
    return model._meta.verbose_name.replace(" ", "_")


def add_service_errors(form, error):
    """Show a service's ValidationError on the admin form, each message on its own field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class _DryRun(Exception):
    pass


def service_refusal(call):
    """Run `call` in a savepoint that is always rolled back: the ValidationError it raises, or None."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        return None
    except ValidationError as error:
        return error


class SavedThroughServiceAdmin(admin.ModelAdmin):
    """For admins that save through a service which may refuse bad input: the service also runs while the form
    is checked (its writes rolled back), so a refusal shows as form errors and the save then succeeds."""

    def save_through_service(self, request, form, change):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class CheckedByService(form_class):
            def clean(self):
                cleaned_data = super().clean()
                if not self.errors:
                    error = service_refusal(lambda: model_admin.save_through_service(request, self, change))
                    if error is not None:
                        add_service_errors(self, error)
                return cleaned_data

        return CheckedByService

    def save_model(self, request, obj, form, change):
        self.save_through_service(request, form, change)
        if obj.pk is not None:
            obj.refresh_from_db()


class AuditedAdmin(admin.ModelAdmin):
    """Records `<model>.created`, `.changed` and `.deleted` (and the same for inline rows) for admin changes
    that have no service of their own. Admins with a service override the save or delete that calls it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(f"{event_name(self.model)}.{'changed' if change else 'created'}", actor=request.user,
                     obj=obj, detail={"fields": list(form.changed_data), "via": "admin"})

    def delete_model(self, request, obj):
        record_event(f"{event_name(self.model)}.deleted", actor=request.user, obj=obj, detail={"via": "admin"})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_event(f"{event_name(obj)}.deleted", actor=request.user, obj=obj,
                         detail={"parent": str(form.instance), "via": "admin"})
            obj.delete()
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        for obj in instances:
            created = obj.pk is None
            self.save_inline_object(request, form.instance, obj, created)
            record_event(f"{event_name(obj)}.{'created' if created else 'changed'}", actor=request.user, obj=obj,
                         detail={"parent": str(form.instance), "fields": changed.get(id(obj), []),
                                 "via": "admin"})
        formset.save_m2m()

    def save_inline_object(self, request, parent, obj, created):
        obj.save()


class LabelledEditableList(admin.ModelAdmin):
    """For admins with `list_editable`: the list shows a box in each row under a column heading but gives it no
    label, so a screen reader would say only "combo box". Each box is named after its column and its row ("Status
    of Digital Outcomes 7"), as WCAG 2.2 Labels or Instructions asks."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class Labelled(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    # The wrapper that adds the related-object links shares its attributes with the original
                    # widget, not this form's copy: label the copy inside it.
                    widget = field.widget
                    if isinstance(widget, RelatedFieldWidgetWrapper):
                        widget = widget.widget
                    widget.attrs["aria-label"] = f"{field.label} of {self.instance}"

        return Labelled


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record to look at, never to change from the back office."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
