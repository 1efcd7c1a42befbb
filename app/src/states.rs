//! States stored as text and shown in the browser: one enum each, so a typo is a compile
//! error. They serialise as the same lowercase words the database holds; the server decodes
//! rows through `TryFrom<String>` (this crate never links sqlx).

use serde::{Deserialize, Serialize};

/// A stored state word that names no variant (a row written by a newer version, or by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState {
    pub kind: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownState {}

macro_rules! states {
    ($($(#[$doc:meta])* $name:ident ($kind:literal) { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)* })*) => {
        $(
            $(#[$doc])*
            #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
            pub enum $name {
                $($(#[$vdoc])* #[serde(rename = $word)] $variant,)*
            }

            impl $name {
                /// The word stored in the database and sent to the browser.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        $(Self::$variant => $word,)*
                    }
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl std::str::FromStr for $name {
                type Err = UnknownState;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    match s {
                        $($word => Ok(Self::$variant),)*
                        other => Err(UnknownState { kind: $kind, value: other.to_string() }),
                    }
                }
            }

            impl TryFrom<String> for $name {
                type Error = UnknownState;
                fn try_from(s: String) -> Result<Self, Self::Error> {
                    s.parse()
                }
            }
        )*
    };
}

states! {
    /// Whether a client's agent only proposes plans or also carries them out.
    ClientMode ("client mode") {
        Plan = "plan",
        Execute = "execute",
    }
    /// Where a client's agent stands.
    AgentStatus ("agent status") {
        /// Created by an import, not yet switched on.
        Provisioning = "provisioning",
        Active = "active",
    }
    /// Where a company import run stands.
    ImportState ("import state") {
        Running = "running",
        Done = "done",
        Failed = "failed",
        /// A server restart stopped it; a resumed run replaces it.
        Interrupted = "interrupted",
    }
    /// What the gateway does when the agent calls a tool (per integration and tool).
    ToolPolicy ("tool policy") {
        Auto = "auto",
        ApprovalNeeded = "approval_needed",
        Disabled = "disabled",
    }
    /// Where an agent session stands between and during its runs.
    SessionStatus ("session status") {
        /// Nothing unread; the next wake or message makes it ready.
        Idle = "idle",
        /// Unread input waits for the runner.
        Ready = "ready",
        /// A runner holds its lease and is working it.
        Working = "working",
        /// A step waits for a technician's decision.
        WaitingApproval = "waiting_approval",
        /// A per-wake budget ended the run; the reason is stored beside it.
        BudgetExhausted = "budget_exhausted",
        /// The brain or the gateway failed in a way a person must look at.
        Failed = "failed",
    }
    /// A tool call in the gateway's journal.
    ToolCallState ("tool call state") {
        /// Stored before an Autotask write; a crash leaves it here for reconciliation.
        Started = "started",
        Done = "done",
        /// Ran and failed (Autotask said no, or the arguments were bad).
        Failed = "failed",
        /// The gateway refused it (disabled, plan mode, a path outside the zone, ...).
        Refused = "refused",
        WaitingApproval = "waiting_approval",
        /// A write whose effect could not be confirmed after a crash; a person decides.
        OutcomeUnknown = "outcome_unknown",
    }
    /// Where a request for a technician's approval stands.
    ApprovalState ("approval state") {
        Pending = "pending",
        Approved = "approved",
        Denied = "denied",
        Expired = "expired",
        Superseded = "superseded",
        /// An admin withdrew it before anyone decided.
        Cancelled = "cancelled",
    }
    /// Where a voice call's ticket and transcript note stand.
    VoiceCallState ("voice call state") {
        /// The call is live (tool calls so far); no end-of-call report yet.
        InProgress = "in_progress",
        /// The report arrived; the ticket or its transcript note is still to be written.
        Pending = "pending",
        /// Ticket and transcript note are in Autotask.
        Done = "done",
        /// Retries ran out (Autotask kept failing); an admin can retry from the Calls page.
        Failed = "failed",
    }
}

states! {
    /// Which brain works an MSP's agent sessions.
    BrainKind ("brain kind") {
        /// The built-in rule agent (works offline).
        Rules = "rules",
        /// An OpenAI-compatible chat-completions endpoint with tool calling.
        OpenAi = "openai",
    }
    /// The request field that caps a model reply's tokens.
    TokenParam ("token parameter") {
        /// Ollama, OpenRouter, vLLM, llama.cpp, LM Studio and older OpenAI models.
        MaxTokens = "max_tokens",
        /// OpenAI's newer (reasoning) models refuse `max_tokens`.
        MaxCompletionTokens = "max_completion_tokens",
    }
}

states! {
    /// Where an identity-verification challenge (a push to the requester's phone) stands.
    ChallengeState ("challenge state") {
        /// Sent; the person has not answered yet.
        Pending = "pending",
        /// The person approved the push: they are who the ticket says.
        Approved = "approved",
        /// The person (or their provider, e.g. a fraud report) refused it.
        Denied = "denied",
        /// Nobody answered before the deadline.
        Expired = "expired",
        /// The provider could not run the challenge (no enrolled device, unknown user, outage).
        Failed = "failed",
        /// Relay withdrew it (the ticket moved on, or a technician took over).
        Cancelled = "cancelled",
    }
    /// The push a verification provider sends when the MSP names none per request.
    PushMethod ("push method") {
        MicrosoftAuthenticator = "microsoft_authenticator",
        Duo = "duo",
    }
    /// Which provider verifies requesters' identity.
    VerifierKind ("verification provider") {
        Traceless = "traceless",
        Duo = "duo",
    }
    /// What the agent does with a sensitive ticket when no provider is connected.
    UnverifiedPolicy ("unverified-ticket policy") {
        /// Leave the ticket alone and post an internal note flagging it for a technician.
        FlagForTechnician = "flag_for_technician",
        /// Leave the ticket alone without a note (the MSP triages sensitive tickets elsewhere).
        LeaveAlone = "leave_alone",
    }
    /// How an MSP changes the built-in sensitive-ticket classifier.
    PhraseChange ("phrase change") {
        /// Tickets containing the phrase are sensitive.
        Add = "add",
        /// A built-in term this MSP does not want matched.
        Remove = "remove",
    }
}

states! {
    /// How an approval plan's decision arrived.
    DecisionChannel ("decision channel") {
        /// A note on the ticket by its assigned resource (`approve R-XXXX`).
        Reply = "reply",
        /// The approve or deny page of the plan's link.
        Link = "link",
        /// An admin in Relay (cancelling a pending plan).
        Admin = "admin",
        /// The expiry sweeper.
        Sweeper = "sweeper",
    }
}
