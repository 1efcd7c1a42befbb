//! The tools by name: whether each writes, and the policy it starts with (peers.md).

use app::states::ToolPolicy;

/// Whether a tool only reads Autotask or changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolInfo {
    pub name: &'static str,
    pub access: Access,
    pub default_policy: ToolPolicy,
}

impl ToolInfo {
    pub fn named(name: &str) -> Option<&'static ToolInfo> {
        CATALOG.iter().find(|tool| tool.name == name)
    }
}

const fn tool(name: &'static str, access: Access, default_policy: ToolPolicy) -> ToolInfo {
    ToolInfo {
        name,
        access,
        default_policy,
    }
}

use Access::{Read, Write};
use ToolPolicy::{ApprovalNeeded, Auto, Disabled};

/// Exactly the tools the agent is offered, in the order the admin sees them.
pub const CATALOG: [ToolInfo; 20] = [
    tool("autotask:autotask-list-tickets", Read, Auto),
    tool("autotask:autotask-get-ticket", Read, Auto),
    tool("autotask:autotask-triage-ticket", Write, Auto),
    tool("autotask:autotask-update-ticket", Write, ApprovalNeeded),
    tool("autotask:autotask-internal-note", Write, Auto),
    tool("autotask:autotask-public-note", Write, Disabled),
    tool("autotask:autotask-list-notes", Read, Auto),
    tool("autotask:autotask-get-ticket-statuses", Read, Auto),
    tool("autotask:autotask-get-ticket-priorities", Read, Auto),
    tool("autotask:autotask-list-queues", Read, Auto),
    tool("autotask:autotask-list-companies", Read, Auto),
    tool("autotask:autotask-get-company", Read, Auto),
    tool("autotask:autotask-list-contacts", Read, Auto),
    tool("autotask:autotask-get-contact", Read, Auto),
    tool("autotask:autotask-list-resources", Read, Auto),
    tool("autotask:autotask-list-assets", Read, Auto),
    tool("autotask:autotask-get-asset", Read, Auto),
    tool("autotask:autotask-api-get", Read, Auto),
    tool("autotask:autotask-api-post", Write, ApprovalNeeded),
    tool("autotask:autotask-api-patch", Write, ApprovalNeeded),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_namespaced() {
        let mut names: Vec<_> = CATALOG.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 20);
        assert!(names.iter().all(|n| n.starts_with("autotask:autotask-")));
    }

    #[test]
    fn reads_are_auto_and_risky_writes_wait() {
        for tool in CATALOG.iter().filter(|t| t.access == Read) {
            assert_eq!(tool.default_policy, Auto, "{}", tool.name);
        }
        let policy = |n: &str| ToolInfo::named(n).unwrap().default_policy;
        assert_eq!(policy("autotask:autotask-update-ticket"), ApprovalNeeded);
        assert_eq!(policy("autotask:autotask-public-note"), Disabled);
        assert_eq!(policy("autotask:autotask-api-post"), ApprovalNeeded);
    }
}
