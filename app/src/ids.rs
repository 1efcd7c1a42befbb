//! Typed ids: one newtype per kind of row or Autotask entity, so passing a client id where a
//! ticket id belongs is a compile error. They serialise as the bare number (`transparent`);
//! the server decodes them from rows through `From<i64>` (this crate never links sqlx).

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(
                Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize,
                Deserialize,
            )]
            #[serde(transparent)]
            pub struct $name(pub i64);

            impl $name {
                /// The bare number, for binding in SQL and for Autotask URLs.
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            impl From<i64> for $name {
                fn from(id: i64) -> Self {
                    Self(id)
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    self.0.fmt(f)
                }
            }

            impl std::str::FromStr for $name {
                type Err = std::num::ParseIntError;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    s.parse().map(Self)
                }
            }
        )*
    };
}

ids! {
    /// A tenant (managed service provider).
    MspId;
    /// An admin user of an MSP.
    UserId;
    /// A client company of an MSP (Relay's row, not Autotask's company id).
    ClientId;
    /// A stored connection to Autotask.
    IntegrationId;
    /// A company import run.
    ImportJobId;
    /// A stored webhook event.
    EventId;
    /// An agent session (one per client and ticket).
    SessionId;
    /// An Autotask ticket.
    TicketId;
    /// An Autotask resource (a technician or the API user).
    ResourceId;
    /// An Autotask contact (a requester at a client company).
    ContactId;
    /// An Autotask company.
    CompanyId;
    /// One tool call of an agent session (the gateway's journal row).
    ToolCallId;
    /// A request for a technician's approval of an agent's plan.
    ApprovalId;
    /// An approval plan: the steps of one agent turn that wait for one technician's decision.
    ApprovalPlanId;
    /// One phone call the voice platform reported (Relay's row, not the platform's call id).
    VoiceCallId;
}
