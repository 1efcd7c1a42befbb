//! Records of approval-link codes (hashed one-time codes mailed to an approver) and of the
//! per-integration link-only switch.

use crate::store::Millis;
use app::ids::{ApprovalPlanId, MspId};

/// A code to store: `code_hash` is the keyed hash, never the digits.
#[derive(Clone, Debug)]
pub struct NewApprovalCode<'a> {
    pub msp_id: MspId,
    pub plan_id: ApprovalPlanId,
    /// `approve` or `deny`: a code answers only the button that asked for it.
    pub decision: &'a str,
    pub code_hash: &'a str,
    pub sent_to_masked: &'a str,
    pub now: Millis,
    pub expires_at: Millis,
}

/// A stored code. The hash stays out of `Debug` output.
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApprovalCodeRecord {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub plan_id: ApprovalPlanId,
    pub decision: String,
    pub code_hash: String,
    pub sent_to_masked: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub failed_attempts: i64,
    pub used_at: Option<Millis>,
    pub voided_at: Option<Millis>,
}

impl std::fmt::Debug for ApprovalCodeRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApprovalCodeRecord")
            .field("id", &self.id)
            .field("plan_id", &self.plan_id)
            .field("decision", &self.decision)
            .field("sent_to_masked", &self.sent_to_masked)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("failed_attempts", &self.failed_attempts)
            .field("used_at", &self.used_at)
            .field("voided_at", &self.voided_at)
            .finish()
    }
}

/// How many codes a plan has had and how many wrong answers, for the rate limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApprovalCodeCounts {
    /// Codes created at or after the `since` asked about.
    pub sent_since: i64,
    /// Wrong answers over all the plan's codes (a new code does not reset them).
    pub failures: i64,
}
