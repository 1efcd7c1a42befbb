//! The text of the rule agent's internal notes. Every note opens with the agent's label so a
//! technician never mistakes it for a person's (or a language model's) work.

use super::classify::Category;
use super::conversation::Wake;
use super::mapping::TriageRule;

pub const LABEL: &str = "Relay rule agent";

/// Cuts `text` to at most `max` characters on a character boundary, marking the cut.
pub fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text,
    }
}

/// What a technician should try first, per category.
fn next_steps(category: Category) -> &'static [&'static str] {
    match category {
        Category::PasswordMfa => &[
            "Verify the caller's identity before any reset (call back on the number on file).",
            "Check whether the account is locked or the password expired; unlock or reset.",
            "If MFA is the problem, check the registered methods and re-register the device.",
        ],
        Category::Email => &[
            "Check the mailbox in the admin centre (quota, licence, forwarding rules).",
            "Reproduce in webmail to tell a client problem from a mailbox problem.",
            "For bounces, read the non-delivery report and check the recipient domain.",
        ],
        Category::Printer => &[
            "Check the printer is online and the queue is not stuck (restart the spooler).",
            "Check toner, paper and error codes on the device panel.",
            "Confirm the user's driver and the printer's IP address have not changed.",
        ],
        Category::Network => &[
            "Find out whether one user, one site or everyone is affected.",
            "Check the firewall, switch and access point status in monitoring.",
            "For VPN issues, check the client version and recent certificate changes.",
        ],
        Category::NewStarter => &[
            "Confirm the start date, role, manager and required licences with the contact.",
            "Create the account and mailbox from the onboarding checklist.",
            "Prepare hardware and schedule a first-day session.",
        ],
        Category::Hardware => &[
            "Identify the device (asset tag or serial) and check the warranty.",
            "Run the vendor diagnostics; arrange a replacement or repair if it fails.",
            "Offer a loan device if the user cannot work.",
        ],
        Category::Other => &[
            "Read the ticket and contact the user to clarify what is needed.",
            "Re-categorise the ticket once the request is clear.",
        ],
    }
}

/// The triage as words: "priority High, queue Level I Support, issue type Hardware".
pub fn triage_words(rule: &TriageRule) -> String {
    let parts: Vec<String> = [
        rule.priority.as_ref().map(|v| format!("priority {v}")),
        rule.queue.as_ref().map(|v| format!("queue {v}")),
        rule.issue_type.as_ref().map(|v| format!("issue type {v}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "no change (the mapping has nothing for this category)".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The update the agent proposes in execute mode, in words.
pub fn update_words(rule: &TriageRule) -> Option<String> {
    let parts: Vec<String> = [
        rule.status.as_ref().map(|v| format!("status {v}")),
        rule.priority.as_ref().map(|v| format!("priority {v}")),
        rule.queue.as_ref().map(|v| format!("queue {v}")),
        rule.assigned_resource_id
            .map(|v| format!("assign to resource {v}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

pub struct WakeNote<'a> {
    pub wake: &'a Wake,
    pub category: Category,
    pub keywords: Vec<&'static str>,
    pub rule: Option<&'a TriageRule>,
    pub note_count: usize,
    pub latest_note: Option<String>,
    pub related: Vec<String>,
    pub execute: bool,
}

impl WakeNote<'_> {
    pub fn text(&self) -> String {
        let w = self.wake;
        let mut out = vec![format!(
            "{LABEL}: automatic triage by keyword rules (no AI model was used)."
        )];
        let ticket = w
            .number
            .clone()
            .unwrap_or_else(|| format!("#{}", w.ticket_id));
        out.push(format!("Ticket: {ticket} \"{}\"", clip(&w.title, 200)));
        let who: Vec<String> = [
            w.company.as_ref().map(|c| format!("Company: {c}")),
            w.contact.as_ref().map(|c| format!("Contact: {c}")),
            w.priority
                .as_ref()
                .map(|p| format!("Current priority: {p}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !who.is_empty() {
            out.push(who.join(" · "));
        }
        let why = if self.keywords.is_empty() {
            "no keyword matched".to_owned()
        } else {
            format!("matched: {}", self.keywords.join(", "))
        };
        out.push(format!("Category: {} ({why})", self.category.label()));
        let summary = if w.description.is_empty() {
            "(the ticket has no description)".to_owned()
        } else {
            clip(&w.description, 400)
        };
        out.push(format!("\nSummary: {summary}"));
        match (&self.latest_note, self.note_count) {
            (Some(latest), n) => out.push(format!(
                "Notes on the ticket: {n}; latest: {}",
                clip(latest, 200)
            )),
            (None, _) => out.push("Notes on the ticket: none".to_owned()),
        }
        out.push(String::from("\nRelated tickets of this company:"));
        if self.related.is_empty() {
            out.push("- none found among its recent tickets".to_owned());
        }
        out.extend(self.related.iter().map(|line| format!("- {line}")));
        out.push(String::from("\nSuggested next steps:"));
        out.extend(next_steps(self.category).iter().map(|s| format!("- {s}")));
        let triage = self
            .rule
            .map(triage_words)
            .unwrap_or_else(|| "none configured".to_owned());
        out.push(format!("\nSuggested triage: {triage}"));
        let update = self.rule.and_then(update_words);
        out.push(match (self.execute, update) {
            (true, Some(update)) => format!(
                "Next: the rule agent proposes an update ({update}); it runs as the update-ticket policy allows."
            ),
            (false, Some(update)) => format!(
                "Plan (plan mode, nothing else is changed): in execute mode the rule agent would set {update}."
            ),
            (_, None) => "No ticket update is configured for this category.".to_owned(),
        });
        out.join("\n")
    }
}

/// Words in a reply that suggest the problem is solved.
const RESOLVED: [&str; 8] = [
    "fixed",
    "resolved",
    "works now",
    "working now",
    "working again",
    "all good",
    "sorted",
    "no longer needed",
];

/// The note answering one or more later messages on the ticket.
pub fn message_note(wake: Option<&Wake>, messages: &[String], category: Category) -> String {
    let mut out = vec![format!(
        "{LABEL}: summary of the latest reply (no AI model was used)."
    )];
    if let Some(w) = wake {
        let ticket = w
            .number
            .clone()
            .unwrap_or_else(|| format!("#{}", w.ticket_id));
        out.push(format!("Ticket: {ticket} \"{}\"", clip(&w.title, 200)));
    }
    for message in messages {
        out.push(format!("- {}", clip(message, 500)));
    }
    let all = messages.join(" ").to_lowercase();
    if RESOLVED.iter().any(|w| all.contains(w)) {
        out.push("The reply suggests the problem is solved: confirm with the contact and complete the ticket.".to_owned());
    } else if category != Category::Other {
        out.push(format!(
            "The reply reads as {}: see the suggested next steps above.",
            category.label()
        ));
    } else {
        out.push("A technician should read the reply and answer the contact.".to_owned());
    }
    out.join("\n")
}
