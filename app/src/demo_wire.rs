//! What the demo console shows: the simulated tenant's contacts of imported clients, its
//! technicians, recent tickets and one ticket's notes as Autotask would show them.

use crate::ids::SessionId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub id: i64,
    pub name: String,
}

/// A client of the MSP with the simulated contacts of its Autotask company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoClient {
    pub name: String,
    pub contacts: Vec<DemoPerson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoTicket {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub client: String,
    pub status: String,
    pub assigned: Option<String>,
    /// The agent session this ticket woke, if any (its page shows the agent's work).
    pub session: Option<SessionId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoNote {
    pub title: String,
    pub text: String,
    pub author: String,
    /// "Internal" or "All Autotask users" (publish 2 / 1).
    pub visibility: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoTicketDetail {
    pub ticket: DemoTicket,
    pub description: String,
    pub contact: Option<DemoPerson>,
    pub notes: Vec<DemoNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoConsoleView {
    pub clients: Vec<DemoClient>,
    pub technicians: Vec<DemoPerson>,
    pub tickets: Vec<DemoTicket>,
    pub selected: Option<DemoTicketDetail>,
    /// The simulated verification provider's page, where pushes are answered.
    pub verify_page: Option<String>,
    /// The simulated mail server's inbox: what Relay mailed (codes, alerts, test mails).
    #[serde(default)]
    pub mail_inbox: Option<String>,
}

/// Who writes a reply on a ticket in the demo console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoActor {
    Contact(i64),
    Technician(i64),
}
