//! What a technician recognises a ticket by: its number and title, company and contact, and a
//! link that opens it in Autotask.

use crate::autotask::Ticket;
use app::ids::TicketId;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub id: TicketId,
    /// Autotask's `ticketNumber`, e.g. `T20240101.0001`.
    pub number: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub contact: Option<String>,
    /// The ticket in Autotask's web UI (from the zone's `webUrl`).
    pub url: Option<String>,
}

impl TicketFacts {
    /// `context` is a wake context (or a session's), which names the company and contact.
    pub fn new(web_url: &str, ticket: &Ticket, context: Option<&Value>) -> Self {
        let name = |key: &str| {
            context
                .and_then(|c| c[key]["name"].as_str())
                .filter(|n| !n.trim().is_empty())
                .map(str::to_owned)
        };
        Self {
            id: ticket.id,
            number: ticket
                .ticket_number
                .clone()
                .filter(|n| !n.trim().is_empty()),
            title: ticket.title.clone().filter(|t| !t.trim().is_empty()),
            company: name("company"),
            contact: name("contact"),
            url: ticket_url(web_url, ticket.id),
        }
    }

    /// `ticket T20240101.0001 “VPN drops” (Contoso Dental Group, Alicia Park)`.
    pub fn words(&self) -> String {
        let mut out = match &self.number {
            Some(number) => format!("ticket {number}"),
            None => format!("ticket #{}", self.id),
        };
        if let Some(title) = &self.title {
            out.push_str(&format!(" “{title}”"));
        }
        let who: Vec<&str> = [&self.company, &self.contact]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !who.is_empty() {
            out.push_str(&format!(" ({})", who.join(", ")));
        }
        out
    }
}

/// Autotask opens a ticket from its web UI base with the `OpenTicketDetail` command of
/// `ExecuteCommand.aspx`; `None` when the stored base is not an http(s) URL.
pub fn ticket_url(web_url: &str, ticket_id: app::ids::TicketId) -> Option<String> {
    let base = web_url.trim().trim_end_matches('/');
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return None;
    }
    Some(format!(
        "{base}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={ticket_id}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ticket() -> Ticket {
        serde_json::from_value(json!({
            "id": 41215, "ticketNumber": "T20240101.0001", "title": "VPN drops",
        }))
        .unwrap()
    }

    #[test]
    fn names_the_ticket_as_a_technician_would() {
        let context = json!({
            "company": { "id": 612, "name": "Contoso Dental Group" },
            "contact": { "id": 1, "name": "Alicia Park" },
        });
        let facts = TicketFacts::new("https://ww5.autotask.net/", &ticket(), Some(&context));
        assert_eq!(
            facts.words(),
            "ticket T20240101.0001 “VPN drops” (Contoso Dental Group, Alicia Park)"
        );
        assert_eq!(
            facts.url.as_deref(),
            Some("https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=41215")
        );
        let bare = TicketFacts::new(
            "not a url",
            &serde_json::from_value(json!({ "id": 7 })).unwrap(),
            None,
        );
        assert_eq!(bare.words(), "ticket #7");
        assert_eq!(bare.url, None);
    }
}
