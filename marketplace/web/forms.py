"""What every form page shares: turning a service's ValidationError into errors on the form."""

from django.core.exceptions import NON_FIELD_ERRORS


def add_service_errors(form, error):
    """Show a service's `ValidationError` on `form`, against the field it names where the form has it."""
    messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for name, texts in messages.items():
        target = name if name in form.fields else None
        for text in texts:
            form.add_error(target, text)
