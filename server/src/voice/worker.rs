//! After the call: the ticket (if the call made none) and the transcript as its first internal
//! notes, leased per call so replicas never double-post, retried with backoff while Autotask
//! fails, and given up (state `failed`, retryable from the Calls page) after a while.

use super::matching::Lookup;
use super::service::{now_ms, VoiceService};
use super::ticket::{self, TicketPlan};
use super::tools::label;
use super::transcript::{split, NOTE_LIMIT};
use crate::autotask::entities::{TicketNote, PUBLISH_INTERNAL_ONLY};
use crate::integrations::Purpose;
use crate::store::{Millis, VoiceCallRecord, VoiceMatch};
use app::ids::{TicketId, VoiceCallId};
use serde_json::Value;
use std::time::Duration;
use tokio::sync::watch;

/// A worker holds a call this long; a crashed one's call is taken over after it.
const LEASE_MS: Millis = 120_000;
/// Attempts before a call is left `failed` for a person (about a day with the backoff below).
const MAX_ATTEMPTS: i64 = 12;
const FIRST_BACKOFF_MS: Millis = 30_000;
const MAX_BACKOFF_MS: Millis = 4 * 3600 * 1000;
const POLL: Duration = Duration::from_secs(5);
/// Autotask's "Task Summary" note type, present in every tenant.
const NOTE_TYPE: i64 = 1;
/// A post-call match must be this sure to file the ticket on a contact without asking.
const AUTO_MATCH: f64 = 0.85;

impl VoiceService {
    /// Runs until `stop`: due calls as they come (woken by new reports), polled otherwise.
    pub async fn run_worker(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let _ = self.process_due(now_ms()).await;
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Processes the calls due at `now`; answers how many finished.
    pub async fn process_due(&self, now: Millis) -> usize {
        let due = match self.store.due_voice_calls(now, 20).await {
            Ok(due) => due,
            Err(err) => {
                tracing::warn!(error = %err, "voice worker cannot list due calls");
                return 0;
            }
        };
        let mut finished = 0;
        for id in due {
            if self.process(id).await {
                finished += 1;
            }
        }
        finished
    }

    async fn process(&self, id: VoiceCallId) -> bool {
        let Ok(Some(call)) = self
            .store
            // The lease is judged by the real clock: a forced retry (`now` in the future) may
            // make a call due early, never take it from a worker that holds it.
            .claim_voice_call(id, now_ms() + LEASE_MS, now_ms())
            .await
        else {
            return false;
        };
        match self.complete(&call).await {
            Ok(()) => {
                let _ = self.store.finish_voice_call(id, now_ms()).await;
                true
            }
            Err(why) => {
                let attempts = call.attempts + 1;
                let retry_at = (attempts < MAX_ATTEMPTS).then(|| {
                    let backoff = FIRST_BACKOFF_MS
                        .saturating_mul(1 << attempts.min(20))
                        .min(MAX_BACKOFF_MS);
                    now_ms() + backoff
                });
                tracing::warn!(
                    call = call.call_id,
                    attempts,
                    error = why,
                    "voice call processing failed"
                );
                let _ = self
                    .store
                    .voice_attempt_failed(id, &why, retry_at, now_ms())
                    .await;
                false
            }
        }
    }

    async fn complete(&self, call: &VoiceCallRecord) -> Result<(), String> {
        let record = self
            .store
            .integration(call.integration_id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the integration is gone")?;
        let settings = self
            .store
            .voice_settings(call.integration_id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the voice settings are gone")?;
        let tenant = self
            .tenants
            .tenant(&record, Purpose::VoiceSync)
            .map_err(|e| e.to_string())?;
        let index = self.index(call.integration_id).await.ok();
        let analysis: Value = call
            .report
            .as_deref()
            .and_then(|r| serde_json::from_str::<Value>(r).ok())
            .and_then(|v| v.get("analysis").cloned())
            .unwrap_or(Value::Null);
        let ticket_id = match call.ticket_id {
            Some(id) => id,
            None => {
                // An earlier attempt (or the live create_ticket) may have made it already.
                let earlier = if call.attempts > 0 || call.last_error.is_some() {
                    ticket::existing(&tenant, &call.call_id)
                        .await
                        .map_err(|e| e.to_string())?
                } else {
                    None
                };
                let (id, number) = match earlier {
                    Some(found) => found,
                    None => {
                        let (contact, company) = self
                            .post_call_match(call, &analysis, index.as_deref())
                            .await;
                        let plan =
                            TicketPlan::decide(index.as_deref(), &settings, contact, company, None);
                        let (title, description) = ticket_text(call, &analysis);
                        ticket::create(&tenant, &plan, &call.call_id, &title, &description)
                            .await
                            .map_err(|e| format!("creating the ticket: {e}"))?
                    }
                };
                self.store
                    .set_voice_ticket(call.id, id, number.as_deref(), now_ms())
                    .await
                    .map_err(|e| e.to_string())?;
                id
            }
        };
        let transcript = call.transcript.as_deref().unwrap_or_default();
        let parts = split(transcript, NOTE_LIMIT);
        let total = parts.len();
        for (at, part) in parts
            .into_iter()
            .enumerate()
            .skip(call.notes_posted.max(0) as usize)
        {
            let mut body = String::new();
            if at == 0 {
                if let Some(url) = &call.recording_url {
                    body.push_str(&format!("Recording: {url}\n\n"));
                }
            }
            body.push_str(&part);
            let title = if total > 1 {
                format!("Call transcript ({}/{total})", at + 1)
            } else {
                "Call transcript".to_owned()
            };
            let note = TicketNote::new(
                TicketId::from(ticket_id),
                &title,
                &body,
                NOTE_TYPE,
                PUBLISH_INTERNAL_ONLY,
            );
            tenant
                .create_ticket_note(TicketId::from(ticket_id), &note)
                .await
                .map_err(|e| format!("posting transcript part {}: {e}", at + 1))?;
            self.store
                .set_voice_notes_posted(call.id, at as i64 + 1, now_ms())
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The call's own match, else one from the analysis (name and company the caller gave)
    /// and the caller's number, when it is clear.
    async fn post_call_match(
        &self,
        call: &VoiceCallRecord,
        analysis: &Value,
        index: Option<&super::matching::ContactIndex>,
    ) -> (Option<i64>, Option<i64>) {
        if call.contact_id.is_some() || call.company_id.is_some() {
            return (call.contact_id, call.company_id);
        }
        let Some(index) = index else {
            return (None, None);
        };
        let data = analysis.get("structuredData");
        let field = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| data?.get(*n)?.as_str().map(str::to_owned))
        };
        let lookup = Lookup {
            name: field(&["caller_name", "callerName", "name"]),
            phone: call.caller.clone(),
            company: field(&["company", "companyName", "company_name"]),
        };
        let found = index.find(&lookup);
        let clear = match found.as_slice() {
            [best] => best.confidence >= AUTO_MATCH,
            [best, second, ..] => {
                best.confidence >= AUTO_MATCH && best.confidence - second.confidence >= 0.05
            }
            [] => false,
        };
        if !clear {
            return (None, None);
        }
        let best = &found[0];
        let remembered = VoiceMatch {
            contact_id: best.contact_id,
            company_id: Some(best.company_id),
            label: label(best),
            confidence: best.confidence,
        };
        let _ = self
            .store
            .set_voice_match(call.id, &remembered, now_ms())
            .await;
        (best.contact_id, Some(best.company_id))
    }
}

/// Title and description from the analysis, falling back to the caller's number.
fn ticket_text(call: &VoiceCallRecord, analysis: &Value) -> (String, String) {
    let data = analysis.get("structuredData");
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let summary = text(analysis.get("summary"));
    let caller = call
        .caller
        .clone()
        .unwrap_or_else(|| "an unknown number".into());
    let title = text(data.and_then(|d| d.get("issue")))
        .or_else(|| text(data.and_then(|d| d.get("title"))))
        .or_else(|| {
            summary
                .as_ref()
                .map(|s| s.split(". ").next().unwrap_or(s).to_owned())
        })
        .unwrap_or_else(|| format!("Phone call from {caller}"));
    let mut description =
        summary.unwrap_or_else(|| format!("Phone call from {caller}; see the transcript note."));
    description.push_str(&format!(
        "\n\nCaller number: {caller}\nVoice call id: {}",
        call.call_id
    ));
    if let Some(Value::Object(fields)) = data {
        for (key, value) in fields {
            let shown = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            description.push_str(&format!("\n{key}: {shown}"));
        }
    }
    (title, description)
}
