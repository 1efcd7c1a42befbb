//! Deciding by reply, the primary channel: a note on the ticket decides only if a resource
//! (never a contact) wrote it, that resource is the ticket's assigned resource now and the
//! plan's approver, and its first line is `approve <code>` or `deny <code> [reason]` with the
//! pending plan's code. Anything else decides nothing and reaches the agent as a message.

use app::ids::ResourceId;
use app::states::DecisionChannel;

use super::code::normalise_code;
use super::decide::{decide, DecisionRequest};
use crate::autotask::TicketNote;
use crate::store::{ApprovalPlanRecord, DecideResult, Decider, PlanDecision, Store, StoreError};

/// The decision a note's text states for the plan with `code`, if it states one.
pub fn parse_reply(description: &str, code: &str) -> Option<(PlanDecision, Option<String>)> {
    let text = plain_text(description);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut words = line.splitn(3, char::is_whitespace);
    let verb = words.next()?.to_ascii_lowercase();
    let typed = words.next()?.trim_end_matches(['.', ',', ':', ';', '!']);
    if normalise_code(typed)?.as_str() != code {
        return None;
    }
    let rest = words.next().map(str::trim).filter(|r| !r.is_empty());
    match verb.as_str() {
        // An approval is exactly the phrase: "approve R-7K2Q but not the status" is no yes.
        "approve" | "approved" if rest.is_none() => Some((PlanDecision::Approve, None)),
        "deny" | "denied" => Some((PlanDecision::Deny, rest.map(str::to_string))),
        _ => None,
    }
}

/// Note text without the HTML Autotask may add: block tags become line breaks, other tags go,
/// the common entities are decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "blockquote" | "hr"
        ) {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Decides `plan` from `note` when every condition holds; `None` when the note decides
/// nothing (it then goes to the agent as a message). `assigned_now` is read from the ticket
/// as it is now, not from the event.
pub async fn decide_by_reply(
    store: &Store,
    plan: &ApprovalPlanRecord,
    assigned_now: Option<ResourceId>,
    note: &TicketNote,
) -> Result<Option<DecideResult>, StoreError> {
    let Some(author) = note.creator_resource_id else {
        return Ok(None);
    };
    if note.created_by_contact_id.is_some()
        || assigned_now != Some(author)
        || plan.approver_resource_id != Some(author)
    {
        return Ok(None);
    }
    let text = note.description.as_deref().unwrap_or_default();
    let Some((decision, reason)) = parse_reply(text, &plan.code) else {
        return Ok(None);
    };
    let request = DecisionRequest {
        decision,
        channel: DecisionChannel::Reply,
        decider: Decider {
            resource_id: Some(author),
            name: plan.approver_name.clone(),
            email: None,
        },
        reason,
        address: Some(format!("ticket note {}", note.id)),
    };
    Ok(Some(decide(store, plan.id, request).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_line_with_this_code_decides() {
        let code = "R-7K2Q";
        assert_eq!(
            parse_reply("approve R-7K2Q", code),
            Some((PlanDecision::Approve, None))
        );
        assert_eq!(
            parse_reply("  APPROVE r-7k2q.\n> quoted deny R-7K2Q", code),
            Some((PlanDecision::Approve, None))
        );
        assert_eq!(
            parse_reply("Deny R-7K2Q wrong printer\napprove R-7K2Q", code),
            Some((PlanDecision::Deny, Some("wrong printer".into())))
        );
        assert_eq!(
            parse_reply("<p>approve&nbsp;R-7K2Q</p><p>thanks</p>", code),
            Some((PlanDecision::Approve, None))
        );
        assert_eq!(parse_reply("approve R-AAAA", code), None, "another code");
        assert_eq!(parse_reply("approve", code), None, "no code");
        assert_eq!(
            parse_reply("Looks fine\napprove R-7K2Q", code),
            None,
            "not the first line"
        );
        assert_eq!(parse_reply("approve R-7K2Q but not the status", code), None);
        assert_eq!(parse_reply("ok R-7K2Q", code), None);
    }
}
