//! What an approval link page shows, independent of how the plan is stored: the ticket, the
//! client, the steps with before → after, who may decide, and the state.

/// Which button a link (and its form) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkDecision {
    Approve,
    Deny,
}

impl LinkDecision {
    /// The word in the path and in the code's hash.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Deny => "deny",
        }
    }

    pub const fn other(self) -> Self {
        match self {
            Self::Approve => Self::Deny,
            Self::Deny => Self::Approve,
        }
    }

    /// The button's label.
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Approve => "Approve",
            Self::Deny => "Deny",
        }
    }
}

/// One field a step changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One step of the plan in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView {
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

/// A decision already recorded (or the plan's end without one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeView {
    /// approved, denied, expired, superseded, cancelled.
    pub state: String,
    /// reply, link, admin, sweeper; None when not known.
    pub channel: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
    pub reason: Option<String>,
}

/// Everything the pending plan's page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPage {
    pub ticket_number: String,
    pub ticket_title: String,
    pub ticket_url: Option<String>,
    pub client_name: String,
    pub plan_code: String,
    pub steps: Vec<StepView>,
    pub approver: Option<String>,
    pub expires_at: String,
    pub state: String,
}
