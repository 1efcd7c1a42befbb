//! The built-in rule agent: a deterministic, offline brain. On a wake it reads the ticket's
//! notes and the company's recent tickets, classifies the ticket by keywords, and writes one
//! internal note (summary, category, related tickets, next steps); in execute mode it then
//! proposes a ticket update per the admin's triage mapping. On a later message it writes one
//! note summarising it. Its only input is the `BrainRequest`, so the same conversation always
//! gives the same reply, and it calls only tools that were offered.

pub mod classify;
pub mod conversation;
pub mod mapping;
pub mod note;
pub mod notice;
pub mod settings;
pub mod source;
#[cfg(test)]
mod tests;

use async_trait::async_trait;
use serde_json::{json, Map, Value};

use super::{Brain, BrainError};
use crate::agent::chat::{BrainReply, BrainRequest, ChatMessage, Finish, ToolCall, Usage};
use classify::{classify, matched_keywords, Category};
use conversation::Wake;
pub use mapping::{TriageMapping, TriageRule};

pub const LIST_NOTES: &str = "autotask:autotask-list-notes";
pub const LIST_TICKETS: &str = "autotask:autotask-list-tickets";
pub const INTERNAL_NOTE: &str = "autotask:autotask-internal-note";
pub const UPDATE_TICKET: &str = "autotask:autotask-update-ticket";

/// How many related tickets the note lists.
const RELATED_SHOWN: usize = 5;

#[derive(Debug, Clone, Default)]
pub struct RuleAgent {
    mapping: TriageMapping,
}

impl RuleAgent {
    /// The rule agent with the built-in triage mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rule agent with an MSP's own triage mapping.
    pub fn with_mapping(mapping: TriageMapping) -> Self {
        Self { mapping }
    }

    pub fn mapping(&self) -> &TriageMapping {
        &self.mapping
    }

    /// The whole decision, synchronous and pure.
    pub fn decide(&self, request: &BrainRequest) -> BrainReply {
        if let Some(why) = notice::unverified(&request.messages) {
            return stop(&why);
        }
        let turn = Turn::read(request);
        let Some(wake) = &turn.wake else {
            return stop("Nothing to do: the conversation holds no ticket to work on.");
        };
        // The wake: reads first, then the note, then (execute mode) the update.
        if !turn.called(LIST_NOTES) && !turn.called(LIST_TICKETS) {
            let reads = self.reads(&turn, wake);
            if !reads.is_empty() {
                return calls(&turn, reads);
            }
        }
        if turn.calls_since_wake.iter().all(|n| n != INTERNAL_NOTE) {
            return match turn.offered(INTERNAL_NOTE) {
                true => calls(&turn, vec![self.wake_note(&turn, wake)]),
                false => stop("The internal-note tool is not available; nothing was written."),
            };
        }
        if turn.last_calls.iter().any(|n| n == INTERNAL_NOTE)
            && !turn.called(UPDATE_TICKET)
            && turn.pending.is_empty()
        {
            if let Some(update) = self.update(&turn, wake) {
                return calls(&turn, vec![update]);
            }
        }
        if !turn.pending.is_empty() {
            return match turn.offered(INTERNAL_NOTE) {
                true => calls(&turn, vec![self.message_note(wake, &turn.pending)]),
                false => {
                    stop("The internal-note tool is not available; the reply was not summarised.")
                }
            };
        }
        stop("Done: the ticket has the rule agent's note.")
    }

    fn reads(&self, turn: &Turn, wake: &Wake) -> Vec<(&'static str, Value)> {
        let mut reads = Vec::new();
        if turn.offered(LIST_NOTES) {
            reads.push((
                LIST_NOTES,
                json!({ "ticketId": wake.ticket_id, "limit": 20 }),
            ));
        }
        if let (true, Some(company)) = (turn.offered(LIST_TICKETS), wake.company_id) {
            reads.push((
                LIST_TICKETS,
                json!({ "companyId": company, "status": "any", "limit": 10 }),
            ));
        }
        reads
    }

    fn category(&self, turn: &Turn, wake: &Wake) -> (Category, Vec<&'static str>) {
        let category = classify(&wake.title, &wake.description);
        if category != Category::Other {
            return (
                category,
                matched_keywords(&wake.title, &wake.description, category),
            );
        }
        // The title and description said nothing useful: let the notes decide.
        let notes = turn
            .notes
            .iter()
            .map(|(t, b)| format!("{t} {b}"))
            .collect::<Vec<_>>()
            .join(" ");
        let category = classify("", &notes);
        (category, matched_keywords("", &notes, category))
    }

    fn wake_note(&self, turn: &Turn, wake: &Wake) -> (&'static str, Value) {
        let (category, keywords) = self.category(turn, wake);
        let related = turn
            .related
            .iter()
            .filter(|(id, _)| *id != wake.ticket_id)
            .take(RELATED_SHOWN)
            .map(|(_, line)| line.clone())
            .collect();
        let text = note::WakeNote {
            wake,
            category,
            keywords,
            rule: self.mapping.rule_for(category),
            note_count: turn.notes.len(),
            latest_note: turn
                .notes
                .first()
                .map(|(t, b)| if b.is_empty() { t.clone() } else { b.clone() }),
            related,
            execute: turn.offered(UPDATE_TICKET),
        }
        .text();
        let title = format!("{}: {} triage", note::LABEL, category.label());
        (
            INTERNAL_NOTE,
            json!({ "ticketId": wake.ticket_id, "title": title, "text": text }),
        )
    }

    fn update(&self, turn: &Turn, wake: &Wake) -> Option<(&'static str, Value)> {
        if !turn.offered(UPDATE_TICKET) {
            return None;
        }
        let (category, _) = self.category(turn, wake);
        let rule = self.mapping.rule_for(category)?;
        let mut args = Map::new();
        args.insert("ticketId".into(), json!(wake.ticket_id));
        let fields = [
            ("status", &rule.status),
            ("priority", &rule.priority),
            ("queue", &rule.queue),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                args.insert(key.into(), json!(value));
            }
        }
        if let Some(resource) = rule.assigned_resource_id {
            args.insert("assignedResourceId".into(), json!(resource));
        }
        (args.len() > 1).then_some((UPDATE_TICKET, Value::Object(args)))
    }

    fn message_note(&self, wake: &Wake, pending: &[String]) -> (&'static str, Value) {
        let category = classify("", &pending.join(" "));
        let text = note::message_note(Some(wake), pending, category);
        let title = format!("{}: reply summary", note::LABEL);
        (
            INTERNAL_NOTE,
            json!({ "ticketId": wake.ticket_id, "title": title, "text": text }),
        )
    }
}

#[async_trait]
impl Brain for RuleAgent {
    fn label(&self) -> String {
        note::LABEL.to_owned()
    }

    async fn complete(&self, request: &BrainRequest) -> Result<BrainReply, BrainError> {
        Ok(self.decide(request))
    }
}

/// What the conversation says about where the rule agent is.
struct Turn {
    wake: Option<Wake>,
    offered: Vec<String>,
    /// Tools the agent called since the wake context, in order.
    calls_since_wake: Vec<String>,
    /// Tools the agent called in its latest reply.
    last_calls: Vec<String>,
    /// Messages (later `Data` entries) after the agent's latest reply.
    pending: Vec<String>,
    /// Notes on the ticket (title, text), newest first, from list-notes.
    notes: Vec<(String, String)>,
    /// The company's tickets (id, line), from list-tickets.
    related: Vec<(i64, String)>,
    /// How many replies the agent gave so far (numbers its call ids).
    replies: usize,
}

impl Turn {
    fn read(request: &BrainRequest) -> Self {
        let messages = &request.messages;
        let wake = conversation::wake(messages);
        let start = wake.as_ref().map_or(0, |w| w.index + 1);
        let mut calls_since_wake = Vec::new();
        let mut last_calls = Vec::new();
        let mut pending = Vec::new();
        let mut replies = 0;
        for message in &messages[start.min(messages.len())..] {
            match message {
                ChatMessage::Assistant { tool_calls, .. } => {
                    replies += 1;
                    last_calls = tool_calls.iter().map(|c| c.name.clone()).collect();
                    calls_since_wake.extend(last_calls.iter().cloned());
                    pending.clear();
                }
                ChatMessage::Data { content, .. } => {
                    pending.push(conversation::message_text(content))
                }
                _ => {}
            }
        }
        let notes = conversation::result_of(messages, LIST_NOTES)
            .map(|c| {
                conversation::rows(c)
                    .iter()
                    .map(conversation::note_text)
                    .collect()
            })
            .unwrap_or_default();
        let related = conversation::result_of(messages, LIST_TICKETS)
            .map(|c| {
                conversation::rows(c)
                    .iter()
                    .filter_map(conversation::ticket_line)
                    .collect()
            })
            .unwrap_or_default();
        Self {
            wake,
            offered: request.tools.iter().map(|t| t.name.clone()).collect(),
            calls_since_wake,
            last_calls,
            pending,
            notes,
            related,
            replies,
        }
    }

    fn offered(&self, tool: &str) -> bool {
        self.offered.iter().any(|t| t == tool)
    }

    fn called(&self, tool: &str) -> bool {
        self.calls_since_wake.iter().any(|t| t == tool)
    }
}

fn calls(turn: &Turn, calls: Vec<(&'static str, Value)>) -> BrainReply {
    let tool_calls = calls
        .into_iter()
        .enumerate()
        .map(|(i, (name, arguments))| ToolCall {
            id: format!("rule-{}-{i}", turn.replies + 1),
            name: name.to_owned(),
            arguments,
        })
        .collect();
    BrainReply {
        content: None,
        tool_calls,
        finish: Finish::ToolCalls,
        usage: Usage::default(),
    }
}

fn stop(why: &str) -> BrainReply {
    BrainReply {
        content: Some(format!("{}: {why}", note::LABEL)),
        tool_calls: Vec::new(),
        finish: Finish::Stop,
        usage: Usage::default(),
    }
}
