//! A simulated voice AI platform (Vapi-shaped, reference §3 of wave2-reference.md): it replays
//! scripted phone calls against Relay's `/hooks/voice/{integration}` endpoint, sending the same
//! server messages a real platform sends (status updates, final transcripts, tool calls and the
//! end-of-call report), authenticated by the secret header or the HMAC plan.

mod messages;
mod scripts;

pub use scripts::{demo_calls, ScriptedCall, Turn};

use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// How the platform authenticates: Vapi's legacy `x-vapi-secret` header, or its HMAC plan
/// (`x-signature = hex(HMAC-SHA256(secret, "{x-timestamp}.{body}"))`, seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VoiceAuth {
    SecretHeader(String),
    Hmac(String),
}

/// What one replayed call got back from Relay.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    pub call_id: String,
    /// The `find_contact` result (or error) text.
    pub find_contact: Option<String>,
    /// The `create_ticket` result (or error) text.
    pub create_ticket: Option<String>,
    /// The HTTP status of every message sent, in order.
    pub statuses: Vec<u16>,
}

#[derive(Clone, Debug)]
pub struct VoicePlatform {
    http: reqwest::Client,
    url: String,
    auth: VoiceAuth,
}

impl VoicePlatform {
    /// `url` is Relay's server URL for the assistant (`…/hooks/voice/{integration}`).
    pub fn new(url: impl Into<String>, auth: VoiceAuth) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: url.into(),
            auth,
        }
    }

    /// POSTs one message body; answers the status and the JSON reply (Null when not JSON).
    pub async fn send(&self, body: &Value) -> Result<(u16, Value), reqwest::Error> {
        let raw = serde_json::to_vec(body).expect("JSON values serialise");
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json");
        request = match &self.auth {
            VoiceAuth::SecretHeader(secret) => request.header("x-vapi-secret", secret),
            VoiceAuth::Hmac(secret) => {
                let stamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or_default()
                    .to_string();
                request
                    .header("x-timestamp", &stamp)
                    .header("x-signature", sign_hmac(secret, &stamp, &raw))
            }
        };
        let response = request.body(raw).send().await?;
        let status = response.status().as_u16();
        let json = response.json::<Value>().await.unwrap_or(Value::Null);
        Ok((status, json))
    }

    /// Replays `call` from ring to end-of-call report.
    pub async fn replay(&self, call: &ScriptedCall) -> Result<Replay, reqwest::Error> {
        let mut out = Replay {
            call_id: call.call_id.clone(),
            ..Replay::default()
        };
        let push = |out: &mut Replay, status: u16| out.statuses.push(status);
        for status in ["ringing", "in-progress"] {
            let (code, _) = self.send(&messages::status(call, status)).await?;
            push(&mut out, code);
        }
        for turn in &call.turns {
            let (code, _) = self.send(&messages::transcript(call, turn)).await?;
            push(&mut out, code);
        }
        let (code, reply) = self
            .send(&messages::tool_call(
                call,
                "find_contact",
                call.find_contact_args(),
                call.string_arguments,
            ))
            .await?;
        push(&mut out, code);
        out.find_contact = messages::result_text(&reply);
        if let Some((title, description)) = &call.ticket {
            let args = call.create_ticket_args(out.find_contact.as_deref(), title, description);
            let (code, reply) = self
                .send(&messages::tool_call(
                    call,
                    "create_ticket",
                    args,
                    call.string_arguments,
                ))
                .await?;
            push(&mut out, code);
            out.create_ticket = messages::result_text(&reply);
        }
        let (code, _) = self.send(&messages::status(call, "ended")).await?;
        push(&mut out, code);
        let (code, _) = self.send(&messages::end_of_call(call)).await?;
        push(&mut out, code);
        Ok(out)
    }

    /// Sends only the end-of-call report of `call` (platforms may send it twice).
    pub async fn report(&self, call: &ScriptedCall) -> Result<(u16, Value), reqwest::Error> {
        self.send(&messages::end_of_call(call)).await
    }
}

/// Lower-case hex HMAC-SHA256 of `"{stamp}.{body}"`, as Vapi's default HMAC plan signs.
pub fn sign_hmac(secret: &str, stamp: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(stamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
