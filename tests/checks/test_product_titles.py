"""The product-not-outcome check on 50 titles of the original marketplace's digital outcomes opportunities
(2016-2018), drawn at random and labelled by hand before the check's terms were tuned.

'product' means the title asks for a thing to be supplied (a named product or vendor's technology, a tool, a
licence, or the provision of a service) rather than a problem, a users' need or a phase of work. bench/README.md
gives the figures and the check's rate on the whole file.
"""

import pytest

from marketplace.checks.selectors import check_title

pytestmark = pytest.mark.django_db

PRODUCT, OUTCOME = "product", "outcome"
LABELLED = [
    ("DInfoCom/0001 - PROVISION OF DLMC BRIDGING ON-BOARDING PROJECT INITIATION copy", PRODUCT),
    ("Transformation Programme", OUTCOME),
    ("Taunton Deane Borough Council Website Replacement", OUTCOME),
    ("Transforming Forensics Programme Delivery Partner", OUTCOME),
    ("Provision of DLMC Bridging-on-Boarding Project Transition", PRODUCT),
    ("NELCSU - 17/18 Kent Refresh Program delivery", OUTCOME),
    ("WP1454v2: GOV.UK Broken link checking tool. Reissue WP1454 amended.", PRODUCT),
    ("Digital & Technical Implementation Support for HMPPS Electronic Monitoring", OUTCOME),
    ("Security Testing Engagement Partner", OUTCOME),
    ("A Front End Toolkit for Bath & North East Somerset Council", PRODUCT),
    ("Home Office OSCT - Service Management & 1st Line Service Desk Provision copy", PRODUCT),
    ("DInfoCom/0009 - ORACLE APEX DEVELOPMENT SERVICE", PRODUCT),
    ("ChatHealth 2 (replacement for ChatHealth 1) - health advice secure messaging platform", PRODUCT),
    ("Home Office Biometrics (HOB) Programme Delivery Partner, multi-location IT transformation", OUTCOME),
    ("Quality assurance analysts (testers) for digital apprenticeship service (SFADAS10)", OUTCOME),
    ("National ANPR Service Programme – Technical Client Side Support", OUTCOME),
    ("Back-end developers for digital apprenticeship service (SFADAS06)", OUTCOME),
    ("Trade Disputes Discovery", OUTCOME),
    ("New website", OUTCOME),
    ("Design and build a campaign website to support HM Government’s new childcare offer", OUTCOME),
    ("Hortonworks and Opensource experts", PRODUCT),
    ("Improve how we send a repair operative to a job and enable progress of that job to be tracked", OUTCOME),
    ("Increase Digital Skills Amongst Hard To Reach Employee Groups", OUTCOME),
    ("Developing a new School Games National Finals website and providing web-based event support", OUTCOME),
    ("TfL - Privacy and Data Protection Design Principles and Recommendations", OUTCOME),
    ("HM Courts and Tribunal Service (HMCTS) - Alpha, Beta and Live RFM-TD-005", OUTCOME),
    ("Delivery teams for DAERA NI ICT Enabled business change projects", OUTCOME),
    ("Delivery of Phase 1 of South West London Health and Care Partnership Interoperability Programme copy",
     OUTCOME),
    ("NHS Improvement e-resources", OUTCOME),
    ("Delivery partner to work on HMPO digital service to report lost/stolen passports", OUTCOME),
    ("DFT Rail Data Action Plan", OUTCOME),
    ("Discovery to understand how digital can support foster carers", OUTCOME),
    ("Service to support the Implementation and Enhancement of ICT Infrastructure", PRODUCT),
    ("Digital Delivery of HMRC services in DDC Shipley - Technical requirement", OUTCOME),
    ("Digital Delivery of HMRC services in DDC Newcastle - Design and User Research requirement", OUTCOME),
    ("Business Analyst - New Ways of Working (Development & Planning)", OUTCOME),
    ("Applications packaging, migration and decommissioning services and strategy development within DDaT",
     OUTCOME),
    ("ECR Q4 Release", OUTCOME),
    ("Migration to VSTS", PRODUCT),
    ("Department for Infrastructure - New planning portal IT system – Discovery exercise", OUTCOME),
    ("Website maintenance and support", PRODUCT),
    ("Home Office Client Side Technical Architecture", OUTCOME),
    ("Investigatory Powers Act Implementation - Delivery/Work stream layer", OUTCOME),
    ("PPM Tool Proof of Concept", PRODUCT),
    ("Cloud Assesment and readiness copy", OUTCOME),
    ("Low Income Benefits Agile Service Design", OUTCOME),
    ("Design and Build new Intranet for Wye Valley NHS Trust", OUTCOME),
    ("National Pupil Database Access (Safe Settings)  -  Alpha/Beta Service Team copy", OUTCOME),
    ("Moorfields Eye Hospital - Support Delivery of the Deployment work stream for Ophthalmic EMR", PRODUCT),
    ("Digital Transformation Programme  - Development Services", OUTCOME),
]


def flagged(title):
    return any(f.check == "product-not-outcome" for f in check_title("digital-outcomes", title))


def precision_and_recall(labelled):
    said = [(flagged(title), label == PRODUCT) for title, label in labelled]
    true_positives = sum(1 for guess, truth in said if guess and truth)
    flagged_count = sum(1 for guess, _ in said if guess)
    products = sum(1 for _, truth in said if truth)
    return true_positives / flagged_count, true_positives / products


def test_the_sample_is_fifty_distinct_hand_labelled_titles():
    assert len(LABELLED) == 50 and len({title for title, _ in LABELLED}) == 50
    assert {label for _, label in LABELLED} == {PRODUCT, OUTCOME}


def test_the_product_check_is_precise_on_the_hand_labelled_titles():
    precision, recall = precision_and_recall(LABELLED)
    print(f"\nproduct-not-outcome on {len(LABELLED)} titles: precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.8
    assert recall >= 0.6
