"""The model permissions each role carries for incoming documents (synced to the groups on migrate)."""

from org.roles import OFFICE_LEADERS, Role, grant

from .rules import WORKING_ROLES

VIEW = "incoming.view_incomingdocument"

# Who may see unclassified incoming documents of the office; classified ones need clearance *and* a
# place on the document, whatever the role (selectors.incoming_visible_to).
for role in WORKING_ROLES:
    grant(role, [VIEW])
grant(
    Role.REGISTRY_CLERK,
    [VIEW, "incoming.register_incomingdocument", "incoming.export_incomingdocument", "incoming.view_transitionlog"],
)
for role in OFFICE_LEADERS:
    grant(role, ["incoming.export_incomingdocument"])
