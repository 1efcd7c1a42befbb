//! What the gateway does with a tool call: the integration's policy per tool combined with the
//! client's mode. Pure rules; where the policies are stored is the policies store's business.

use std::collections::HashMap;

use app::states::{ClientMode, ToolPolicy};

use super::tools::catalog::{Access, ToolInfo, CATALOG};

mod load;
pub use load::load;

/// The tool that carries the plan (and, in plan mode, the only write).
pub const PLAN_NOTE_TOOL: &str = "autotask:autotask-internal-note";

/// The effective policy of every tool of one integration: the defaults, overridden by what the
/// admin set.
#[derive(Debug, Clone, PartialEq)]
pub struct Policies {
    by_tool: HashMap<&'static str, ToolPolicy>,
}

impl Policies {
    pub fn defaults() -> Self {
        Self {
            by_tool: CATALOG.iter().map(|t| (t.name, t.default_policy)).collect(),
        }
    }

    /// Stored overrides on top of the defaults; names that are not tools are ignored (a tool
    /// removed in a later version must not break loading).
    pub fn with_overrides(overrides: impl IntoIterator<Item = (String, ToolPolicy)>) -> Self {
        let mut policies = Self::defaults();
        for (name, policy) in overrides {
            if let Some(tool) = ToolInfo::named(&name) {
                policies.by_tool.insert(tool.name, policy);
            }
        }
        policies
    }

    /// `None` for a name that is not one of the tools.
    pub fn of(&self, tool: &str) -> Option<ToolPolicy> {
        self.by_tool.get(tool).copied()
    }
}

/// Where the session stands, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The session already posted its plan note in this run.
    pub plan_note_posted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Run,
    NeedsApproval,
    Refuse(Refusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no tool of that name")]
    UnknownTool,
    #[error("this tool is disabled for this integration")]
    Disabled,
    #[error("plan mode only reads; this tool writes to Autotask")]
    PlanModeWrite,
    #[error("a customer-visible note is never posted in plan mode")]
    PublicNoteInPlanMode,
    #[error("plan mode posts exactly one internal note, and it has been posted")]
    PlanNoteAlreadyPosted,
    #[error("plan mode asks no one for approval; this tool needs approval")]
    ApprovalInPlanMode,
    #[error("post the plan as an internal note before changing anything")]
    PlanNoteFirst,
}

/// The decision for one call. The brain's wishes play no part: only the policy, the mode and
/// what the session has done so far.
pub fn decide(policies: &Policies, mode: ClientMode, tool: &str, progress: Progress) -> Decision {
    let (Some(info), Some(policy)) = (ToolInfo::named(tool), policies.of(tool)) else {
        return Decision::Refuse(Refusal::UnknownTool);
    };
    if policy == ToolPolicy::Disabled {
        return Decision::Refuse(Refusal::Disabled);
    }
    let is_plan_note = info.name == PLAN_NOTE_TOOL;
    match mode {
        ClientMode::Plan => match (info.access, is_plan_note) {
            (Access::Read, _) if policy == ToolPolicy::ApprovalNeeded => {
                Decision::Refuse(Refusal::ApprovalInPlanMode)
            }
            (Access::Read, _) => Decision::Run,
            (Access::Write, true) if progress.plan_note_posted => {
                Decision::Refuse(Refusal::PlanNoteAlreadyPosted)
            }
            (Access::Write, true) => Decision::Run,
            (Access::Write, false) if info.name == "autotask:autotask-public-note" => {
                Decision::Refuse(Refusal::PublicNoteInPlanMode)
            }
            (Access::Write, false) => Decision::Refuse(Refusal::PlanModeWrite),
        },
        ClientMode::Execute => {
            if info.access == Access::Write && !is_plan_note && !progress.plan_note_posted {
                return Decision::Refuse(Refusal::PlanNoteFirst);
            }
            match policy {
                ToolPolicy::ApprovalNeeded => Decision::NeedsApproval,
                _ => Decision::Run,
            }
        }
    }
}

/// The tools worth offering the brain now: those `decide` could let through. A disabled tool
/// is never offered (and refused if called anyway).
pub fn offered(
    policies: &Policies,
    mode: ClientMode,
    progress: Progress,
) -> Vec<&'static ToolInfo> {
    let relaxed = Progress {
        // In execute mode every write becomes possible once the plan is posted; offer them
        // from the start so the brain can plan with them.
        plan_note_posted: progress.plan_note_posted || mode == ClientMode::Execute,
    };
    CATALOG
        .iter()
        .filter(|t| !matches!(decide(policies, mode, t.name, relaxed), Decision::Refuse(_)))
        .filter(|t| {
            mode == ClientMode::Execute || t.name != PLAN_NOTE_TOOL || !progress.plan_note_posted
        })
        .collect()
}

#[cfg(test)]
mod tests;
