//! The admin pages' service (`app::voice::VoiceAdminService`): settings with the secret shown
//! once after a rotation, ticket defaults checked and saved, the index re-sync, the call
//! history and its retry, and (demo builds) placing a scripted call.

use super::admin::mask;
use super::service::{now_ms, secret_aad, VoiceService};
use crate::clock::fmt_utc;
use crate::errors::internal;
use crate::store::{IntegrationRecord, VoiceCallRecord, VoiceDefaults};
use app::error::AppError;
use app::ids::{TicketId, VoiceCallId};
use app::states::VoiceCallState;
use app::voice::{
    VoiceAdminService, VoiceCallPage, VoiceCallRow, VoiceSettingsInput, VoiceSettingsView,
};
use app::wire::CurrentUser;

const PER_PAGE: i64 = 25;

impl VoiceService {
    async fn connected(&self, user: &CurrentUser) -> Result<Option<IntegrationRecord>, AppError> {
        Ok(self.store.active_integration(user.msp_id).await?)
    }

    async fn view(&self, user: &CurrentUser, reveal: bool) -> Result<VoiceSettingsView, AppError> {
        let Some(record) = self.connected(user).await? else {
            return Ok(VoiceSettingsView {
                available: false,
                enabled: false,
                server_url: String::new(),
                secret: String::new(),
                secret_revealed: false,
                default_queue_id: None,
                default_status: None,
                default_priority: None,
                default_issue_type: None,
                default_company_id: None,
                default_contact_id: None,
                index_contacts: 0,
                index_synced_at: None,
                demo_calls: Vec::new(),
            });
        };
        let settings = self.settings_for(&record).await?;
        let secret = self
            .cipher
            .decrypt_string(&settings.secret_enc, secret_aad(record.id).as_bytes())
            .map_err(internal)?;
        let revealed = reveal || self.take_reveal(user);
        Ok(VoiceSettingsView {
            available: true,
            enabled: settings.enabled,
            server_url: format!(
                "{}/hooks/voice/{}",
                self.public_base_url.trim_end_matches('/'),
                record.id
            ),
            secret: if revealed { secret } else { mask(&secret) },
            secret_revealed: revealed,
            default_queue_id: settings.default_queue_id,
            default_status: settings.default_status,
            default_priority: settings.default_priority,
            default_issue_type: settings.default_issue_type,
            default_company_id: settings.default_company_id,
            default_contact_id: settings.default_contact_id,
            index_contacts: self.store.count_voice_contacts(record.id).await?,
            index_synced_at: settings.index_synced_at.map(fmt_utc),
            demo_calls: if self.demo { demo_labels() } else { Vec::new() },
        })
    }

    fn take_reveal(&self, user: &CurrentUser) -> bool {
        self.reveals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&user.user_id)
            .is_some_and(|at| now_ms() - at < 120_000)
    }

    fn row(&self, record: Option<&IntegrationRecord>, call: VoiceCallRecord) -> VoiceCallRow {
        let state = match call.state {
            VoiceCallState::InProgress => "Live",
            VoiceCallState::Pending if call.attempts > 0 => "Retrying (Autotask failed)",
            VoiceCallState::Pending => "Filing the ticket",
            VoiceCallState::Done => "Done",
            VoiceCallState::Failed => "Failed",
        };
        let duration = match (call.started_at, call.ended_at) {
            (Some(s), Some(e)) if e >= s => {
                Some(format!("{}:{:02}", (e - s) / 60_000, (e - s) / 1000 % 60))
            }
            _ => None,
        };
        VoiceCallRow {
            id: call.id,
            at: fmt_utc(call.created_at),
            caller: call.caller.unwrap_or_else(|| "unknown number".into()),
            matched: call.match_label.unwrap_or_else(|| "No match".into()),
            confidence: call.confidence.map(|c| format!("{c:.2}")),
            ticket: call.ticket_id.map(|id| {
                call.ticket_number
                    .clone()
                    .unwrap_or_else(|| format!("#{id}"))
            }),
            ticket_url: call
                .ticket_id
                .and_then(|id| ticket_url(&record?.web_url, TicketId::from(id))),
            duration,
            ended_reason: call.ended_reason,
            state: state.into(),
            error: call
                .last_error
                .filter(|_| call.state != VoiceCallState::Done),
            transcript: call.transcript.filter(|t| !t.is_empty()),
            can_retry: call.state == VoiceCallState::Failed,
        }
    }
}

/// The ticket in Autotask's web UI (its `OpenTicketDetail` command), for an http(s) base.
fn ticket_url(web_url: &str, id: TicketId) -> Option<String> {
    let base = web_url.trim_end_matches('/');
    (base.starts_with("https://") || base.starts_with("http://")).then(|| {
        format!("{base}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={id}")
    })
}

/// An optional id typed into the form: empty is "not set", anything else must be a number.
fn optional(field: &str, text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| AppError::validation(field, "Enter a whole number, or leave it empty."))
}

#[cfg(feature = "demo")]
fn demo_labels() -> Vec<String> {
    crate::demo::voice_call_labels()
}

#[cfg(not(feature = "demo"))]
fn demo_labels() -> Vec<String> {
    Vec::new()
}

#[async_trait::async_trait]
impl VoiceAdminService for VoiceService {
    async fn voice_settings(&self, user: &CurrentUser) -> Result<VoiceSettingsView, AppError> {
        self.view(user, false).await
    }

    async fn save_voice_settings(
        &self,
        user: &CurrentUser,
        input: VoiceSettingsInput,
    ) -> Result<VoiceSettingsView, AppError> {
        let record = self
            .connected(user)
            .await?
            .ok_or_else(|| AppError::validation("enabled", "Connect Autotask first."))?;
        let defaults = VoiceDefaults {
            enabled: input.enabled,
            queue_id: optional("queue_id", &input.queue_id)?,
            status: optional("status", &input.status)?,
            priority: optional("priority", &input.priority)?,
            issue_type: optional("issue_type", &input.issue_type)?,
            company_id: optional("company_id", &input.company_id)?,
            contact_id: optional("contact_id", &input.contact_id)?,
        };
        if let Some(p) = defaults.priority.filter(|p| !(1..=4).contains(p)) {
            return Err(AppError::validation(
                "priority",
                format!("Priority {p} is not one of 1 (High), 2 (Medium), 3 (Low), 4 (Critical)."),
            ));
        }
        self.save_defaults(&record, &defaults).await?;
        // Turning it on for the first time fills the contact index straight away.
        let settings = self.settings_for(&record).await?;
        if settings.enabled && settings.index_synced_at.is_none() {
            self.spawn_sync(record.id);
        }
        self.view(user, false).await
    }

    async fn rotate_voice_secret(&self, user: &CurrentUser) -> Result<VoiceSettingsView, AppError> {
        let record = self
            .connected(user)
            .await?
            .ok_or_else(|| AppError::validation("secret", "Connect Autotask first."))?;
        self.rotate_secret(&record).await?;
        // A plain form post lands on the page, which shows it this once.
        self.reveals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(user.user_id, now_ms());
        self.view(user, true).await
    }

    async fn resync_voice_index(&self, user: &CurrentUser) -> Result<(), AppError> {
        let record = self
            .connected(user)
            .await?
            .ok_or_else(|| AppError::validation("resync", "Connect Autotask first."))?;
        self.settings_for(&record).await?;
        self.spawn_sync(record.id);
        Ok(())
    }

    async fn voice_calls(&self, user: &CurrentUser, page: i64) -> Result<VoiceCallPage, AppError> {
        let record = self.connected(user).await?;
        let page = page.max(1);
        let (calls, total) = self
            .store
            .list_voice_calls(user.msp_id, PER_PAGE, (page - 1) * PER_PAGE)
            .await?;
        Ok(VoiceCallPage {
            rows: calls
                .into_iter()
                .map(|c| self.row(record.as_ref(), c))
                .collect(),
            total,
            page,
            per_page: PER_PAGE,
        })
    }

    async fn retry_voice_call(
        &self,
        user: &CurrentUser,
        id: VoiceCallId,
    ) -> Result<bool, AppError> {
        let queued = self
            .store
            .retry_voice_call(user.msp_id, id, now_ms())
            .await?;
        if queued {
            self.wake.notify_one();
        }
        Ok(queued)
    }

    async fn place_demo_call(&self, user: &CurrentUser, which: usize) -> Result<String, AppError> {
        let view = self.view(user, true).await?;
        if !self.demo || view.demo_calls.is_empty() {
            return Err(AppError::validation(
                "which",
                "Demo calls exist only in the demo (make run).",
            ));
        }
        if !view.enabled {
            return Err(AppError::validation(
                "which",
                "Turn the voice agent on first (Settings → Voice agent).",
            ));
        }
        #[cfg(feature = "demo")]
        {
            crate::demo::place_voice_call(&view.server_url, &view.secret, which)
                .await
                .map_err(|e| AppError::validation("which", e))
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = which;
            Err(AppError::validation(
                "which",
                "Demo calls exist only in the demo (make run).",
            ))
        }
    }
}
