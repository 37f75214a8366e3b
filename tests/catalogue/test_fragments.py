"""The kept HTML of a GOV.UK macro is the HTML the macro renders, whatever the parameters."""

from django.template import engines
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from marketplace.web.fragments import cached

MACROS = {name: engines["jinja2"].env.get_template(f"govuk_frontend_jinja/components/{path}/macro.html").module
          for name, path in (("govukCheckboxes", "checkboxes"), ("govukRadios", "radios"), ("govukTag", "tag"))}

# Text a person or a count could put in a label: markup characters, spaces and line breaks at either end, empty.
texts = st.text(alphabet=st.sampled_from(list("ab 1,()<>&\"'\n\t£\ue000\ue001")), max_size=12)
items = st.lists(st.fixed_dictionaries(
    {"value": st.sampled_from(["one", "two", "<three>"]), "text": texts | st.builds(Markup, texts)},
    optional={"checked": st.booleans(), "hint": st.fixed_dictionaries({"text": texts})}), min_size=1, max_size=5)
params = st.fixed_dictionaries(
    {"idPrefix": st.sampled_from(["lot", "location"]), "name": st.just("lot"), "items": items},
    optional={"classes": st.just("govuk-checkboxes--small"),
              "hint": st.fixed_dictionaries({"text": texts}),
              "fieldset": st.fixed_dictionaries({"legend": st.fixed_dictionaries({"text": texts})})})


@settings(max_examples=150, deadline=None)
@given(params=params, macro=st.sampled_from(["govukCheckboxes", "govukRadios"]))
def test_a_kept_checkbox_or_radio_group_is_the_macros_html(params, macro):
    render = getattr(MACROS[macro], macro)
    assert cached(render, params) == render(params)
    assert cached(render, params) == render(params)  # the second time from what was kept


def test_text_and_markup_are_kept_apart_as_the_macro_tells_them_apart():
    tag = MACROS["govukTag"].govukTag
    assert cached(tag, {"text": "<b>Closed</b>"}) == tag({"text": "<b>Closed</b>"})
    assert cached(tag, {"html": Markup("<b>Closed</b>")}) == tag({"html": Markup("<b>Closed</b>")})
    assert "&lt;b&gt;" in cached(tag, {"text": "<b>Closed</b>"})


def test_parameters_it_cannot_copy_are_rendered_every_time():
    class Label:
        def __str__(self):
            return "Closed"

    tag = MACROS["govukTag"].govukTag
    assert cached(tag, {"text": Label()}) == tag({"text": "Closed"})
