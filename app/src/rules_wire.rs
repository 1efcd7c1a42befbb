//! The rule agent's triage mapping as the admin edits it: one row per ticket category.

use serde::{Deserialize, Serialize};

/// One category's triage. Empty strings mean "leave as is"; `assignee` is an Autotask
/// resource id or empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageRuleView {
    /// The stored word (password_mfa, email, ...).
    pub category: String,
    pub label: String,
    pub priority: String,
    pub queue: String,
    pub issue_type: String,
    pub status: String,
    pub assignee: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMappingView {
    pub rules: Vec<TriageRuleView>,
    /// False while the built-in defaults apply.
    pub customised: bool,
    /// "Ada Admin, 2026-11-30 19:30 UTC" for the last change.
    pub changed: Option<String>,
}
