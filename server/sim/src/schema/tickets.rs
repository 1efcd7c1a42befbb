//! Tickets fields and picklists; values follow the reference tenant (fixture 07), status 5 = Complete.

use super::{FieldDef as F, Pick as P, Udf};

pub const STATUS: &[P] = &[
    P::new(1, "New", 1).system().default_value(),
    P::new(5, "Complete", 9).system(),
    P::new(7, "Waiting Customer", 4).system(),
    P::new(8, "In Progress", 2).system(),
    P::new(10, "Scheduled", 3),
    P::new(12, "Waiting Vendor", 6),
    P::new(21, "Customer Note Added", 5),
    P::new(19, "Cancelled", 10).inactive(),
];

pub const PRIORITY: &[P] = &[
    P::new(4, "Critical", 1).system(),
    P::new(1, "High", 2).system(),
    P::new(2, "Medium", 3).system().default_value(),
    P::new(3, "Low", 4).system(),
];

pub const QUEUES: &[P] = &[
    P::new(29682833, "Client Portal", 1),
    P::new(29682969, "Post Sale", 2),
    P::new(29683354, "Monitoring Alert", 3),
    P::new(29683481, "Level I Support", 4).default_value(),
    P::new(29683482, "Level II Support", 5),
];

const TICKET_TYPE: &[P] = &[
    P::new(1, "Service Request", 1).system().default_value(),
    P::new(2, "Incident", 2).system(),
    P::new(3, "Problem", 3).system(),
    P::new(4, "Change Request", 4).system(),
    P::new(5, "Alert", 5).system(),
];

const TICKET_CATEGORY: &[P] = &[
    P::new(2, "AEM Alert", 2).system(),
    P::new(3, "Standard", 1).system().default_value(),
    P::new(4, "RMA", 3),
];

const ISSUE_TYPE: &[P] = &[
    P::new(7, "Email", 3),
    P::new(12, "Hardware", 1),
    P::new(13, "Network", 2),
];

const SUB_ISSUE_TYPE: &[P] = &[
    P::new(214, "Outlook / Profile", 1).under(7),
    P::new(215, "Mailbox Permissions", 2).under(7),
    P::new(301, "Printer", 1).under(12),
    P::new(302, "Workstation", 2).under(12),
    P::new(401, "VPN", 1).under(13),
    P::new(402, "Wi-Fi", 2).under(13),
];

const SOURCE: &[P] = &[
    P::new(2, "Phone", 1).system(),
    P::new(4, "Email", 2).system(),
    P::new(6, "Web Portal", 3).system(),
    P::new(8, "Monitoring Alert", 4).system(),
    P::new(11, "Insourced", 5),
];

pub const PERSON_TYPE: &[P] = &[
    P::new(1, "Resource", 1).system(),
    P::new(2, "Contact", 2).system(),
];

const SLA: &[P] = &[
    P::new(1, "Standard SLA", 1).default_value(),
    P::new(3, "Premium SLA", 2),
];

pub const FIELDS: &[F] = &[
    F::long("id").req().ro().hook(1),
    F::text("ticketNumber", 50).ro().hook(2),
    F::text("title", 255).req().hook(3),
    F::text("description", 8000).hook(4),
    F::int("status").req().pick(STATUS).hook(5),
    F::int("priority").req().pick(PRIORITY).hook(6),
    F::int("queueID").pick(QUEUES).hook(7),
    F::int("assignedResourceID").refs("Resource").hook(8),
    F::int("assignedResourceRoleID").refs("Role").hook(9),
    F::int("companyID").req().refs("Company").hook(10),
    F::int("companyLocationID").refs("CompanyLocation").hook(11),
    F::int("contactID").refs("Contact").hook(12),
    F::int("contractID").refs("Contract").hook(13),
    F::int("configurationItemID")
        .refs("ConfigurationItem")
        .hook(14),
    F::int("ticketType").pick(TICKET_TYPE).hook(15),
    F::int("ticketCategory").pick(TICKET_CATEGORY).hook(16),
    F::int("issueType").pick(ISSUE_TYPE).hook(17),
    F::int("subIssueType")
        .pick(SUB_ISSUE_TYPE)
        .parent("issueType")
        .hook(18),
    F::int("source").pick(SOURCE).hook(19),
    F::date("createDate").ro().hook(20),
    F::int("creatorResourceID").ro().refs("Resource").hook(21),
    F::int("createdByContactID").ro().refs("Contact").hook(22),
    F::int("creatorType").ro().no_query().pick(PERSON_TYPE),
    F::date("lastActivityDate").ro(),
    F::int("lastActivityResourceID").ro().refs("Resource"),
    F::int("lastActivityPersonType")
        .ro()
        .no_query()
        .pick(PERSON_TYPE),
    F::date("lastTrackedModificationDateTime").ro(),
    F::date("dueDateTime").hook(23),
    F::date("completedDate").ro().hook(24),
    F::int("completedByResourceID").ro().refs("Resource"),
    F::text("resolution", 32000).hook(25),
    F::date("resolvedDateTime"),
    F::date("firstResponseDateTime"),
    F::decimal("estimatedHours"),
    F::text("externalID", 50).hook(26),
    F::int("serviceLevelAgreementID").pick(SLA).hook(27),
    F::flag("serviceLevelAgreementHasBeenMet").ro(),
    F::int("impersonatorCreatorResourceID")
        .ro()
        .refs("Resource"),
    F::flag("isVisibleToComanaged"),
];

pub const UDFS: &[Udf] = &[
    Udf {
        name: "Escalation Tier",
        label: "Escalation Tier",
    },
    Udf {
        name: "Vendor Case #",
        label: "Vendor Case #",
    },
];
