"""Where the pages that emails link to live (paths only: the domain does not import the web layer)."""


def public(opportunity):
    """The requirement's public page, which shows the outcome once there is one."""
    return f"/opportunities/{opportunity.pk}"


def application(opportunity):
    """Where the supplier applies, and sees or changes its application."""
    return f"/opportunities/{opportunity.pk}/apply"


def buyer_applications(opportunity):
    """The applications a requirement received, for its buyers after closing."""
    return f"/buyers/requirements/{opportunity.pk}/applications"


def buyer_outcome(opportunity):
    """Where the buyers record the outcome."""
    return f"/buyers/requirements/{opportunity.pk}/outcome"
