"""The model permissions each role carries for outgoing documents (synced to the groups on migrate).

The steps themselves are decided per person and document by ``rules``; these permissions say who may see
unclassified outgoing documents at all, and who may export the 发文登记簿. Classified documents need
clearance *and* a place on the document, whatever the role (``selectors.outgoing_visible_to``).
"""

from org.roles import OFFICE_LEADERS, Role, grant

from .rules import WORKING_ROLES

VIEW = "outgoing.view_outgoingdocument"
EXPORT = "outgoing.export_outgoingdocument"

for role in WORKING_ROLES:
    grant(role, [VIEW])
grant(Role.LINE_STAFF, ["outgoing.draft_outgoingdocument"])
grant(Role.TYPIST, ["outgoing.number_outgoingdocument", EXPORT])
grant(
    Role.REGISTRY_CLERK,
    [
        "outgoing.number_outgoingdocument",
        "outgoing.seal_outgoingdocument",
        EXPORT,
        "outgoing.view_transitionlog",
        "outgoing.view_standingrecipient",
    ],
)
for role in OFFICE_LEADERS:
    grant(role, [EXPORT])
