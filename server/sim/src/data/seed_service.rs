//! Hand-written service-desk data: resources (administrator 4, technicians, API users with
//! licenseType 7), tickets with assigned resources, internal and published notes, and assets.

use super::{make, Tenant, API_USER_RESOURCE_ID};
use crate::clock;
use crate::schema::Entity;
use serde_json::{json, Value};

/// (id, first, last, title, email, userName, licenseType, userType, active)
type ResourceRow = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    bool,
);

#[rustfmt::skip]
const RESOURCES: &[ResourceRow] = &[
    (4, "Autotask", "Administrator", "System", "administrator@northwind-it.example", "administrator", 1, 1, true),
    (29682885, "Dana", "Whitfield", "Service Manager", "dana.whitfield@northwind-it.example", "dwhitfield", 1, 1, true),
    (29682910, "Sam", "Ortega", "Service Desk Technician", "sam.ortega@northwind-it.example", "sortega", 1, 3, true),
    (29682911, "Priya", "Nair", "Service Desk Technician", "priya.nair@northwind-it.example", "pnair", 1, 3, true),
    (29682912, "Lee", "Chen", "Senior Engineer", "lee.chen@northwind-it.example", "lchen", 1, 3, true),
    (29682913, "Morgan", "Blake", "Former Technician", "morgan.blake@northwind-it.example", "mblake", 1, 3, false),
    (29683021, "RMM", "Sync", "API Integration", "rmm-sync@northwind-it.example", "rmm-sync@northwind-it.example", 7, 4, true),
];

pub fn seed_resources(t: &mut Tenant, api_username: &str) {
    let mut put = |id: i64,
                   first: &str,
                   last: &str,
                   title: &str,
                   email: &str,
                   user: &str,
                   lic: i64,
                   ut: i64,
                   active: bool| {
        let api = lic == 7;
        let rec = make(
            Entity::Resources,
            json!({
                "firstName": first, "lastName": last, "title": title, "email": email,
                "userName": user, "isActive": active, "resourceType": "Employee",
                "userType": ut, "licenseType": lic,
                "defaultServiceDeskRoleID": if api { Value::Null } else { 29682834.into() },
                "locationID": 1, "officePhone": if api { "" } else { "555-010-0100" },
                "mobilePhone": "", "hireDate": "2019-01-04T08:00:00.000Z",
            }),
        );
        t.insert_with_id(Entity::Resources, id, rec);
    };
    for &(id, first, last, title, email, user, lic, ut, active) in RESOURCES {
        put(id, first, last, title, email, user, lic, ut, active);
    }
    // The API user's userName and email both carry the API username, so the reference §8 lookup
    // finds it whichever field a client matches on.
    put(
        API_USER_RESOURCE_ID,
        "Relay",
        "API User",
        "API Integration",
        api_username,
        api_username,
        7,
        4,
        true,
    );
}

/// (id, number, company, contact, title, status, priority, queue, assigned, issue, sub, source, ci)
type TicketRow = (
    i64,
    u32,
    i64,
    Option<i64>,
    &'static str,
    i64,
    i64,
    i64,
    Option<i64>,
    i64,
    i64,
    i64,
    Option<i64>,
);

#[rustfmt::skip]
const TICKETS: &[TicketRow] = &[
    (41207, 42, 612, Some(30684012), "Outlook keeps prompting for password", 1, 2, 29682833, None, 7, 214, 4, Some(188)),
    (41208, 43, 612, Some(30684013), "New starter laptop setup", 8, 2, 29683481, Some(29682911), 12, 302, 2, None),
    (41209, 44, 803, Some(30684101), "Shared drive permissions for Finance", 7, 3, 29683481, Some(29682910), 7, 215, 4, None),
    (41210, 45, 744, Some(30684077), "Printer on 2nd floor offline", 8, 3, 29682833, Some(29682910), 12, 301, 6, Some(190)),
    (41211, 46, 874, Some(30684181), "VPN-Verbindung bricht ständig ab", 1, 1, 29683482, None, 13, 401, 4, Some(191)),
    (41212, 47, 881, None, "Server disk space alert – BY-FS01 at 92%", 5, 4, 29683354, Some(29682912), 12, 302, 8, Some(192)),
    (41213, 48, 612, Some(30684014), "Password reset for front desk account", 1, 1, 29683481, None, 7, 214, 2, None),
    (41214, 49, 0, None, "Renew wildcard certificate <*.northwind-it.example>", 10, 2, 29683482, Some(29682912), 13, 402, 11, None),
];

/// (id, ticket, title, description, noteType, publish, resource, contact, minute)
type NoteRow = (
    i64,
    i64,
    &'static str,
    &'static str,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
);

#[rustfmt::skip]
const NOTES: &[NoteRow] = &[
    (90201, 41208, "Hardware ordered", "Ordered a ThinkPad T14 through the distributor; ETA Thursday.", 1, 2, Some(29682911), None, 5),
    (90202, 41208, "Update", "Your new laptop arrives Thursday; we will have it imaged by Friday morning.", 1, 1, Some(29682911), None, 7),
    (90203, 41209, "Still blocked", "I still can't open the Finance share from my laptop.", 1, 1, None, Some(30684101), 9),
    (90204, 41210, "Onsite visit", "Power-cycled the printer and cleared the queue; fuser looks worn, ordered a replacement.", 1, 1, Some(29682910), None, 11),
    (90205, 41210, "Customer reply", "Printer & scanner both offline again – tried power cycling.", 1, 1, None, Some(30684077), 13),
    (90206, 41212, "Auto-resolved", "Disk usage back under threshold after log rotation; completed by workflow rule.", 13, 2, Some(4), None, 15),
    (90207, 41211, "Nachricht vom Kunden", "Seit heute früh keine VPN-Verbindung – bitte dringend prüfen!", 1, 1, None, Some(30684181), 17),
    (90208, 41213, "Internal", "Caller could not answer the security question; verify identity before resetting.", 2, 2, Some(29682910), None, 19),
];

/// (id, company, type, title, serial, active)
#[rustfmt::skip]
const ASSETS: &[(i64, i64, i64, &str, &str, bool)] = &[
    (188, 612, 1, "CONTOSO-WS-014", "PF3KX21A", true),
    (189, 612, 2, "CONTOSO-DC01", "CZJ1234567", true),
    (190, 744, 3, "FAB-PRN-2F", "VNB3K01234", true),
    (191, 874, 4, "MUELLER-FW01", "FGT60F0000123", true),
    (192, 881, 2, "BY-FS01", "CZJ7654321", true),
    (193, 612, 1, "CONTOSO-LT-002 (retired)", "PF1AB99Z", false),
];

pub fn seed_service_desk(t: &mut Tenant) {
    let day = clock::parse_millis("2025-03-11T08:00:00Z").unwrap_or(0);
    let at = |minute: i64| clock::format_millis(day + minute * 60_000 + 287);
    for &(
        id,
        num,
        company,
        contact,
        title,
        status,
        prio,
        queue,
        assigned,
        issue,
        sub,
        source,
        ci,
    ) in TICKETS
    {
        let created = at(id - 41200);
        let done = status == 5;
        let rec = make(
            Entity::Tickets,
            json!({
                "ticketNumber": format!("T20250311.{num:04}"), "title": title,
                "description": format!("{title}. Reported by the customer; see notes for progress."),
                "status": status, "priority": prio, "queueID": queue,
                "assignedResourceID": assigned,
                "assignedResourceRoleID": assigned.map(|_| 29682834),
                "companyID": company, "contactID": contact, "configurationItemID": ci,
                "ticketType": if source == 8 { 5 } else { 1 }, "ticketCategory": 3,
                "issueType": issue, "subIssueType": sub, "source": source,
                "createDate": created, "creatorResourceID": 29682910, "creatorType": 1,
                "lastActivityDate": at(id - 41200 + 20), "lastActivityResourceID": 29682910,
                "lastActivityPersonType": 1, "lastTrackedModificationDateTime": at(id - 41200 + 20),
                "dueDateTime": "2025-03-12T17:00:00.000Z",
                "completedDate": if done { Value::from(at(60)) } else { Value::Null },
                "completedByResourceID": if done { Value::from(4) } else { Value::Null },
                "resolution": "", "estimatedHours": 0.0, "externalID": "",
                "serviceLevelAgreementID": 1, "isVisibleToComanaged": false,
                "userDefinedFields": [
                    {"name": "Escalation Tier", "value": if prio == 1 { "Tier 2" } else { "Tier 1" }},
                    {"name": "Vendor Case #", "value": null},
                ],
            }),
        );
        t.insert_with_id(Entity::Tickets, id, rec);
        t.note_ticket_number("20250311", num);
    }
    for &(id, ticket, title, desc, note_type, publish, resource, contact, minute) in NOTES {
        let rec = make(
            Entity::TicketNotes,
            json!({
                "ticketID": ticket, "title": title, "description": desc, "noteType": note_type,
                "publish": publish, "createDateTime": at(minute), "lastActivityDate": at(minute),
                "creatorResourceID": resource, "createdByContactID": contact,
            }),
        );
        t.insert_with_id(Entity::TicketNotes, id, rec);
    }
    for &(id, company, kind, title, serial, active) in ASSETS {
        let rec = make(
            Entity::ConfigurationItems,
            json!({
                "companyID": company, "productID": 30 + kind, "isActive": active,
                "referenceTitle": title, "referenceNumber": format!("A-{id}"),
                "serialNumber": serial, "configurationItemType": kind,
                "installDate": "2023-02-01T00:00:00.000Z",
                "warrantyExpirationDate": "2026-02-01T00:00:00.000Z",
                "location": "Main office", "notes": "",
                "createDate": "2023-02-01T10:00:00.000Z",
                "lastModifiedTime": "2025-01-15T10:00:00.000Z",
            }),
        );
        t.insert_with_id(Entity::ConfigurationItems, id, rec);
    }
}
