//! The triage mapping: for each category, the priority, queue and issue type the rule agent
//! recommends, and the status and assignee it proposes in execute mode. Values are picklist
//! labels (or ids) as the tools accept them; the admin may override the defaults per MSP.

use serde::{Deserialize, Serialize};

use super::classify::Category;

/// What the rule agent does with one category. Every field is optional: an empty field is
/// neither recommended nor changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageRule {
    pub category: Category,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The Autotask resource id the ticket is assigned to in execute mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_resource_id: Option<i64>,
}

/// One rule per category; a category without a rule is noted but not triaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageMapping {
    pub rules: Vec<TriageRule>,
}

fn rule(category: Category, priority: &str, queue: &str, issue_type: Option<&str>) -> TriageRule {
    TriageRule {
        category,
        priority: Some(priority.to_owned()),
        queue: Some(queue.to_owned()),
        issue_type: issue_type.map(str::to_owned),
        status: Some("In Progress".to_owned()),
        assigned_resource_id: None,
    }
}

impl Default for TriageMapping {
    /// Labels of a standard Autotask tenant: a locked-out user is urgent, a new starter is
    /// planned work, and anything unclear stays in first-line support.
    fn default() -> Self {
        use Category::*;
        Self {
            rules: vec![
                rule(PasswordMfa, "High", "Level I Support", None),
                rule(Email, "Medium", "Level I Support", Some("Email")),
                rule(Printer, "Low", "Level I Support", Some("Hardware")),
                rule(Network, "High", "Level II Support", Some("Network")),
                rule(NewStarter, "Medium", "Level I Support", None),
                rule(Hardware, "Medium", "Level II Support", Some("Hardware")),
                rule(Other, "Medium", "Level I Support", None),
            ],
        }
    }
}

impl TriageMapping {
    pub fn rule_for(&self, category: Category) -> Option<&TriageRule> {
        self.rules.iter().find(|r| r.category == category)
    }

    /// Checks an admin's edit: at most one rule per category, labels of sane length, a positive
    /// resource id. Returns the first problem in words.
    pub fn validate(&self) -> Result<(), String> {
        for (i, rule) in self.rules.iter().enumerate() {
            if self.rules[..i].iter().any(|r| r.category == rule.category) {
                return Err(format!("{} appears twice", rule.category.label()));
            }
            let labels = [&rule.priority, &rule.queue, &rule.issue_type, &rule.status];
            if labels
                .iter()
                .flat_map(|l| l.as_deref())
                .any(|l| l.trim().is_empty() || l.len() > 100)
            {
                return Err(format!(
                    "{}: a value is empty or too long",
                    rule.category.label()
                ));
            }
            if rule.assigned_resource_id.is_some_and(|id| id <= 0) {
                return Err(format!(
                    "{}: the resource id must be positive",
                    rule.category.label()
                ));
            }
        }
        Ok(())
    }
}
