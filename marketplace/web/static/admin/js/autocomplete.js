'use strict';
// Django's own start-up of the back office's search-as-you-type fields (it takes the place of Django's file of the
// same name, as marketplace.web comes first in INSTALLED_APPS), and then the names select2 leaves out (WCAG 2.2
// Name, Role, Value): its box, a combobox, is named by the field's label (or, in an editable list, by the field's
// own aria-label) instead of by the value it shows, and that value is the box's text, not an unnamed read-only
// "textbox" of its own.
{
    const $ = django.jQuery;

    const nameTheBox = (element) => {
        const box = element.nextElementSibling.querySelector('.select2-selection');
        const shown = box.querySelector('.select2-selection__rendered');
        shown.removeAttribute('role');
        shown.removeAttribute('aria-readonly');
        const label = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
        if (label) {
            label.id = label.id || `${element.id}-label`;
            box.setAttribute('aria-labelledby', label.id);
        } else if (element.hasAttribute('aria-label')) {
            box.removeAttribute('aria-labelledby');
            box.setAttribute('aria-label', element.getAttribute('aria-label'));
        }
    };

    $.fn.djangoAdminSelect2 = function() {
        $.each(this, function(i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => {
                        return {
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName
                        };
                    }
                }
            });
            nameTheBox(element);
        });
        return this;
    };

    $(function() {
        // Initialize all autocomplete widgets except the one in the template
        // form used when a new formset is added.
        $('.admin-autocomplete').not('[name*=__prefix__]').djangoAdminSelect2();
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.admin-autocomplete').djangoAdminSelect2();
    });
}
