"""The Jinja2 environment for every page: GOV.UK Frontend macros plus a few globals."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from marketplace import formatting

from . import fragments, govuk, navigation


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options):
    app_templates = options.pop("loader")
    env = Environment(
        loader=ChoiceLoader([
            app_templates,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
        ]),
        **options,
    )
    env.globals.update(
        url=url,
        static=static,
        service_name=settings.SERVICE_NAME,
        is_demo=lambda: settings.DEMO,
        cached=fragments.cached,
        field=govuk.field,
        error_list=govuk.error_list,
        service_navigation=navigation.service_navigation,
    )
    env.filters.update(count=formatting.count, money=formatting.money, london_date=formatting.london_date,
                       london=formatting.london_time)
    return env
