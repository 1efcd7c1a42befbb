//! The tool gateway: every tool call of every brain passes here, where the policy, the client's
//! mode and the journal apply before anything reaches Autotask.

mod approved;
pub mod call;
pub mod journal;
pub mod policy;
mod reconcile;
mod service;
pub mod tools;

pub use call::{CallContext, CallOutcome, Gateway};
pub use service::PolicyDesk;

pub use tools::catalog::{Access, ToolInfo, CATALOG};

use app::ids::SessionId;

/// The short reference a write carries into Autotask (in a note's text, for example) so that
/// after a crash the gateway can find out whether the write happened.
pub fn relay_ref(session: SessionId, turn: i64, call_index: i64) -> String {
    format!("RLY-{}-{turn}-{call_index}", session.get())
}
