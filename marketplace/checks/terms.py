"""The words the requirement checks look for, kept as content: change a list here, or let a platform admin add a
term in the back office (`CheckTerm`), and every check, page and figure follows.

Terms match whole words or phrases, case-insensitively.
"""

# A requirement that names one of these asks for a product, a vendor's technology or a purchase, not an outcome.
PRODUCT_TERMS = (
    # buying something rather than solving a problem
    # (plural licences only: a driving or an export licence is often what the service is about)
    "supply of", "provision of", "procurement of", "purchase of", "licences", "licenses", "licence renewal",
    "software licence", "software license", "subscription", "renewal", "off the shelf", "off-the-shelf", "COTS", "hardware", "tool", "toolkit",
    "support and maintenance", "maintenance and support", "service desk",
    # vendors and their products
    "Salesforce", "SharePoint", "Microsoft Dynamics", "Dynamics 365", "Dynamics CRM", "Office 365", "Microsoft 365",
    "Oracle", "SAP", "ServiceNow", "Hortonworks", "Cloudera", "Alfresco", "WordPress", "Drupal", "Sitecore",
    "Umbraco", "Kentico", "Liferay", "Jira", "Confluence", "VSTS", "Azure DevOps", "Tableau", "Qlik", "Power BI",
    "Pega", "Pegasystems", "Appian", "MuleSoft", "Informatica", "Splunk", "Documentum", "Zendesk", "Genesys",
    "Avaya", "Agresso", "Unit4", "Workday", "Civica", "Northgate", "Mosaic", "Liquidlogic", "EMIS", "SystmOne",
    "Cerner", "Epic EPR", "Dell Boomi", "Adobe Experience Manager", "Kofax", "Qualtrics",
)

# Words that say little to a supplier; plain English says what is meant.
JARGON_TERMS = (
    "leverage", "leveraging", "synergy", "synergies", "going forward", "best of breed", "best-in-class",
    "world class", "world-class", "paradigm", "holistic", "deliverables", "actionable", "empower", "empowering",
    "incentivise", "streamline", "streamlining", "robust", "seamless", "seamlessly", "cutting edge", "cutting-edge",
    "thought leadership", "value-add", "value add", "utilise", "utilisation", "facilitate", "key stakeholders",
    "touch base", "deep dive", "move the needle", "low-hanging fruit", "blue sky", "ecosystem", "game changer",
    "game-changing", "transformational", "disruptive", "innovative", "agile transformation", "digital journey",
    "one-stop shop", "end-to-end solution", "solution", "solutions",
)

# Certifications a single company awards: asking for one as essential shuts out suppliers with equal skills.
CERTIFICATION_TERMS = (
    "AWS certified", "AWS certification", "Microsoft certified", "Microsoft certification", "MCSE", "MCSA",
    "Azure certified", "Azure certification", "Google Cloud certified", "Google certified", "Cisco certified",
    "CCNA", "CCNP", "CCIE", "Oracle certified", "Oracle certification", "Salesforce certified",
    "Salesforce certification", "ServiceNow certified", "Red Hat certified", "RHCE", "VMware certified", "VCP",
    "Scrum.org", "PSM I", "PSM II", "Certified ScrumMaster", "CSM",
)

# Words that name people (the users of a service) rather than systems.
PEOPLE_TERMS = (
    "people", "person", "users", "user", "residents", "citizens", "public", "staff", "colleagues", "employees",
    "officers", "caseworkers", "case workers", "applicants", "claimants", "patients", "carers", "families",
    "parents", "children", "young people", "students", "pupils", "teachers", "nurses", "doctors", "clinicians",
    "customers", "businesses", "traders", "tenants", "landlords", "drivers", "visitors", "volunteers", "members",
    "managers", "agents", "advisers", "advisors", "analysts", "teams", "professionals", "practitioners", "workers",
    "buyers", "suppliers", "taxpayers", "voters", "victims", "witnesses", "offenders", "prisoners", "veterans",
    "pensioners", "older people", "adults", "councillors", "researchers", "developers", "clerks", "judges",
)
# Words that name systems: users described only by these are not users.
SYSTEM_TERMS = (
    "system", "systems", "platform", "platforms", "database", "databases", "application", "applications", "API",
    "APIs", "server", "servers", "software", "interface", "interfaces", "portal", "CRM", "ERP", "infrastructure",
    "network", "integration", "integrations", "back office", "back-office", "legacy",
)
# Phrases that say what the users need to do.
NEED_TERMS = (
    "need to", "needs to", "want to", "wants to", "have to", "has to", "so that", "able to", "trying to",
    "in order to", "use it to", "use the service to", "should be able", "must be able", "expect to", "rely on",
)

# Words that say which agile phase the work is in.
PHASE_TERMS = ("discovery", "alpha", "beta", "private beta", "public beta")

# Phrases that mark an essential requirement as really a nice-to-have.
NICE_TO_HAVE_TERMS = (
    "desirable", "ideally", "ideal", "nice to have", "nice-to-have", "preferred", "preferably", "preferable",
    "would be an advantage", "an advantage", "advantageous", "a plus", "would be good", "would be helpful",
    "bonus", "if possible", "beneficial",
)

# Acronyms everyone reading a requirement on this marketplace knows; every other one should be spelled out once.
WELL_KNOWN_ACRONYMS = ("UK", "NHS", "GOV.UK", "GOV", "IR35", "SME", "SMEs", "DOS", "PDF", "OK", "IT", "EU", "CV",
                       "CVs", "FAQ", "FAQs", "URL", "BBC", "HM")

# The lists a platform admin may add to (CheckTerm.Kind), by kind.
BY_KIND = {"product": PRODUCT_TERMS, "jargon": JARGON_TERMS, "certification": CERTIFICATION_TERMS}
