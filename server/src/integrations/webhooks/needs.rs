//! What Relay needs of each webhook definition: the entities, their events, and the fields it
//! subscribes to or wants in every payload (reference §10.2–10.3).

/// One trigger/payload field by its REST name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub name: &'static str,
    /// A change to it fires an Update callout.
    pub subscribed: bool,
    /// Sent in every payload, for routing without a read.
    pub always: bool,
}

const fn need(name: &'static str, subscribed: bool, always: bool) -> Need {
    Need {
        name,
        subscribed,
        always,
    }
}

/// Routing needs the company on every ticket event; the agent reacts to status, priority,
/// assignment, queue and the text changing.
pub const TICKET_FIELDS: &[Need] = &[
    need("companyID", false, true),
    need("status", true, true),
    need("priority", true, true),
    need("assignedResourceID", true, true),
    need("queueID", true, true),
    need("contactID", false, true),
    need("title", true, false),
    need("description", true, false),
];

/// A note is routed through its ticket; who wrote it decides loop prevention and approvals.
pub const NOTE_FIELDS: &[Need] = &[
    need("ticketID", true, true),
    need("description", true, false),
    need("publish", false, true),
    need("creatorResourceID", false, true),
    need("createdByContactID", false, true),
];

/// Autotask limits `name` to 50 characters.
pub const TICKET_NAME: &str = "Relay tickets";
pub const NOTE_NAME: &str = "Relay ticket notes";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_becomes_ready_and_routes_without_a_read() {
        for fields in [TICKET_FIELDS, NOTE_FIELDS] {
            assert!(fields.iter().any(|f| f.subscribed), "ready needs one");
        }
        assert!(TICKET_FIELDS
            .iter()
            .any(|f| f.name == "companyID" && f.always));
        assert!(NOTE_FIELDS.iter().any(|f| f.name == "ticketID" && f.always));
        assert!(TICKET_NAME.len() <= 50 && NOTE_NAME.len() <= 50);
    }
}
