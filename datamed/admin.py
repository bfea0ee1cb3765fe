"""Admin pieces shared by the apps."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the application (logs): the admin may look, never touch."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceAdminMixin:
    """An admin whose saves go through the app's services, as the pages' do.

    Its forms run the services' checks in ``clean``, so a refusal shows next to the field, or
    above the form for a state conflict (the API's 409), like on the page. A refusal the form
    could not foresee (data changed meanwhile) is raised by the service inside the admin's
    transaction: the whole request is rolled back and the message is shown on the same page,
    nothing saved.

    Earlier versions (django-simple-history) can be looked at, not restored: restoring writes
    every column of the old row at once (a voided record valid again, a closed cycle open, a
    derived value from another time), which no service allows. A correction is an edit.
    """

    RESTORE_REFUSED = "Las versiones anteriores solo se consultan: para corregir, edite el dato actual."

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            self.message_user(request, self.RESTORE_REFUSED, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # StateConflict included
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
