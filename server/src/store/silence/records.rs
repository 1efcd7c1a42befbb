//! Records of webhook silence alerts.

use crate::store::Millis;

/// A webhook silent during business hours while tickets changed in Autotask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct SilenceAlert {
    /// The last event (or the connection) before the silence.
    pub silent_since: Millis,
    /// When a check first found this silence.
    pub raised_at: Millis,
    /// Tickets changed in Autotask since `silent_since`, at the last check.
    pub tickets_changed: i64,
    pub checked_at: Millis,
}
