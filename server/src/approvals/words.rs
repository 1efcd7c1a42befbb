//! The texts Relay posts on a ticket about a plan: the request (steps with before → after,
//! who decides, code, expiry, links, reply phrases), and the outcome of a decision.

use serde_json::Value;

use crate::clock::fmt_utc;
use crate::gateway::journal::short_name;
use crate::store::ApprovalPlanRecord;

/// How a ticket field reads in a note.
fn field_name(field: &str) -> &str {
    match field {
        "status" => "Status",
        "priority" => "Priority",
        "queueID" => "Queue",
        "assignedResourceID" => "Assigned resource",
        "assignedResourceRoleID" => "Assigned role",
        "ticketType" => "Ticket type",
        "issueType" => "Issue type",
        "subIssueType" => "Sub-issue type",
        "resolution" => "Resolution",
        other => other,
    }
}

fn value_words(value: &Value, label: &Value) -> String {
    let raw = match value {
        Value::Null => "(empty)".to_string(),
        Value::String(s) => {
            let s: String = s.chars().take(300).collect();
            format!("\"{s}\"")
        }
        other => other.to_string(),
    };
    match label.as_str() {
        Some(label) => format!("{label} ({raw})"),
        None => raw,
    }
}

/// One step in plain words, with a line per field it changes.
pub fn step_words(index: usize, step: &Value) -> String {
    let tool = step["tool"].as_str().unwrap_or_default();
    let args = &step["arguments"];
    let mut out = format!("{}. {}", index + 1, short_name(tool));
    match short_name(tool).as_str() {
        "api-post" | "api-patch" => {
            let method = if tool.ends_with("post") {
                "POST"
            } else {
                "PATCH"
            };
            let path = args["path"].as_str().unwrap_or("(no path)");
            out.push_str(&format!(": {method} {path} with body {}", args["body"]));
        }
        "internal-note" | "public-note" => {
            let text: String = args["text"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(500)
                .collect();
            out.push_str(&format!(": add this note: \"{text}\""));
        }
        _ => {
            if let Some(ticket) = args["ticketId"].as_i64() {
                out.push_str(&format!(" on ticket {ticket}"));
            }
        }
    }
    match step["changes"].as_array() {
        Some(changes) if changes.is_empty() => {
            out.push_str("\n   (the ticket already has these values: nothing would change)")
        }
        Some(changes) => {
            for change in changes {
                let field = change["field"].as_str().unwrap_or_default();
                out.push_str(&format!(
                    "\n   - {}: {} → {}",
                    field_name(field),
                    value_words(&change["before"], &change["beforeLabel"]),
                    value_words(&change["after"], &change["afterLabel"]),
                ));
            }
        }
        None if step.get("preview_error").is_some() => out.push_str(&format!(
            "\n   (Relay could not read what this changes: {})",
            step["preview_error"].as_str().unwrap_or_default()
        )),
        None => out.push_str(&format!("\n   arguments: {args}")),
    }
    out
}

/// The note that asks the approver to decide (or says that someone must be assigned first).
pub fn request_note(
    plan: &ApprovalPlanRecord,
    token: &str,
    base_url: &str,
    replaces: Option<&str>,
) -> (String, String) {
    let steps: Vec<String> = plan
        .steps
        .as_array()
        .map(|s| {
            s.iter()
                .enumerate()
                .map(|(i, s)| step_words(i, s))
                .collect()
        })
        .unwrap_or_default();
    let mut text = String::new();
    text.push_str("The Relay agent wants to make changes that need a technician's approval.\n\n");
    if !plan.intent.trim().is_empty() {
        text.push_str(&format!("What and why:\n{}\n\n", plan.intent.trim()));
    }
    text.push_str(&format!("Steps:\n{}\n\n", steps.join("\n")));
    if let Some(old) = replaces {
        text.push_str(&format!(
            "This plan replaces plan {old}; its code and links no longer work.\n\n"
        ));
    }
    let title = match (&plan.approver_name, plan.approver_resource_id) {
        (name, Some(_)) => {
            let name = name.as_deref().unwrap_or("the assigned resource");
            text.push_str(&format!(
                "Who may decide: {name} (the ticket's assigned resource). Notes from anyone else \
                 do not decide.\nPlan code: {code}\nExpires: {expires}\n\n\
                 To decide, add a note on this ticket whose first line is\n  approve {code}\nor\n  \
                 deny {code} <reason>\n\nOr open a link (the page asks you to confirm; opening it \
                 decides nothing):\n  Approve: {base}/approve/{token}\n  Deny: {base}/deny/{token}",
                code = plan.code,
                expires = fmt_utc(plan.expires_at),
                base = base_url.trim_end_matches('/'),
            ));
            format!("Relay: approval needed ({})", plan.code)
        }
        (_, None) => {
            text.push_str(&format!(
                "Nobody is assigned to this ticket, and only the assigned resource may approve. \
                 Assign a technician first: Relay then posts a new note with the code and links \
                 for them. (Plan {}, expires {}.)",
                plan.code,
                fmt_utc(plan.expires_at)
            ));
            format!("Relay: assign a technician to approve ({})", plan.code)
        }
    };
    (title, text)
}

/// The note after a decided plan was acted on: what was done, by whose approval, what failed.
pub fn result_note(
    plan: &ApprovalPlanRecord,
    lines: &[String],
    headline: &str,
) -> (String, String) {
    let mut text = format!("{headline}\n");
    if !lines.is_empty() {
        text.push('\n');
        text.push_str(&lines.join("\n"));
        text.push('\n');
    }
    let title = format!("Relay: plan {} {}", plan.code, plan.state.as_str());
    (title, text)
}
