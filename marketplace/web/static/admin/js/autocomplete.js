'use strict';
// Django's own start-up of the back office's search-as-you-type fields (it takes the place of Django's file of the
// same name, as marketplace.web comes first in INSTALLED_APPS), and then the names select2 leaves out (WCAG 2.2
// Name, Role, Value): its box, a combobox, and the search box it opens are named by the field's label (or, in an
// editable list, by the field's own aria-label) instead of by the value shown, and that value is the box's text,
// not an unnamed read-only "textbox" of its own.
{
    const $ = django.jQuery;

    const fieldName = (element) => {
        const label = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
        const name = label ? label.textContent : element.getAttribute('aria-label') || '';
        return name.replace(/:\s*$/, '').trim();
    };

    const nameTheBoxes = (element) => {
        const name = fieldName(element);
        const box = element.nextElementSibling.querySelector('.select2-selection');
        const shown = box.querySelector('.select2-selection__rendered');
        shown.removeAttribute('role');
        shown.removeAttribute('aria-readonly');
        if (name) {
            box.removeAttribute('aria-labelledby');
            box.setAttribute('aria-label', name);
        }
        $(element).on('select2:open', () => {
            const search = document.querySelector('.select2-container--open .select2-search__field');
            if (search && name) {
                search.setAttribute('aria-label', name);
            }
        });
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
            nameTheBoxes(element);
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
