//! What processing an event did, in words for the activity log and labels for metrics.

use super::ticket_facts::TicketFacts;
use app::ids::{ClientId, CompanyId, SessionId, TicketId};

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new agent session for the ticket, with its loaded context.
    Woke {
        client_id: ClientId,
        session_id: SessionId,
        ticket_id: TicketId,
        /// How the activity log names the ticket.
        ticket: TicketFacts,
        context: Value,
    },
    /// Delivered to the ticket's existing session as a message.
    Delivered {
        client_id: ClientId,
        session_id: SessionId,
        ticket_id: TicketId,
        ticket: TicketFacts,
        message: Value,
    },
    /// A technician's reply decided the ticket's pending approval plan (not passed on as a
    /// message: the decision reaches the agent as Relay's notice).
    Decided {
        client_id: ClientId,
        session_id: SessionId,
        ticket_id: TicketId,
        ticket: TicketFacts,
        code: String,
        decision: String,
    },
    Skipped {
        client_id: Option<ClientId>,
        reason: SkipReason,
        detail: Value,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    OwnApiUser,
    NoClient(CompanyId),
    NoCompany,
    NotFound(&'static str),
    Deleted,
    UnhandledEntity(String),
    Disconnected,
    Unparseable(String),
    /// A verified callout kept although it lacks what processing needs (see
    /// `WebhookPayloadError::is_incomplete`).
    Incomplete(String),
    WakeBudget {
        used: i64,
        window_minutes: i64,
    },
}

impl SkipReason {
    /// The `reason` label of the skipped counter.
    pub fn label(&self) -> &'static str {
        match self {
            Self::OwnApiUser => "own_api_user",
            Self::NoClient(_) => "no_client",
            Self::NoCompany => "no_company",
            Self::NotFound(_) => "not_found",
            Self::Deleted => "deleted",
            Self::UnhandledEntity(_) => "entity_type",
            Self::Disconnected => "disconnected",
            Self::Unparseable(_) => "unparseable",
            Self::Incomplete(_) => "incomplete",
            Self::WakeBudget { .. } => "wake_budget",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::OwnApiUser => "made by the integration's own API user (loop prevention)".into(),
            Self::NoClient(company) => format!("no client has Autotask company id {company}"),
            Self::NoCompany => "the ticket has no company".into(),
            Self::NotFound(what) => format!("the {what} no longer exists in Autotask"),
            Self::Deleted => "a deletion; nothing to wake".into(),
            Self::UnhandledEntity(kind) => format!("{kind} events are not handled"),
            Self::Disconnected => "the integration is disconnected".into(),
            Self::Unparseable(why) => format!("stored body did not parse: {why}"),
            Self::Incomplete(why) => {
                format!("Autotask sent this event incomplete ({why}); kept, not acted on")
            }
            Self::WakeBudget {
                used,
                window_minutes,
            } => format!(
                "wake budget exhausted: {used} wakes for this ticket in {window_minutes} minutes \
                 looks like a loop; further events are skipped until the window passes"
            ),
        }
    }
}
