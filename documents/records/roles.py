"""Model permissions for records (the admin); what people may *do* is decided in ``rules``."""

from org.roles import OFFICE_LEADERS, Role, grant

KEEPER = [
    "records.view_fileitem",
    "records.view_transfer",
    "records.view_destructionlist",
    "records.view_custodyevent",
    "records.view_archiveclass",
    "records.add_archiveclass",
    "records.change_archiveclass",
    "records.view_retentionrule",
    "records.add_retentionrule",
    "records.change_retentionrule",
]
for role in (Role.REGISTRY_CLERK, Role.ARCHIVIST):
    grant(role, KEEPER)
for role in OFFICE_LEADERS:
    grant(role, ["records.view_fileitem", "records.view_destructionlist", "records.view_retentionrule"])
