//! The two webhook definition types seen through one trait, so registration, checks and
//! reactivation are written once for tickets and notes.

use super::needs::{Need, NOTE_FIELDS, NOTE_NAME, TICKET_FIELDS, TICKET_NAME};
use crate::autotask::{TicketNoteWebhook, TicketWebhook, WebhookEntity};
use serde::Serialize;

/// Where Autotask must post, and the key it signs with.
#[derive(Clone)]
pub struct Target {
    pub url: String,
    pub deactivation_url: String,
    /// Prefix shared by every URL of this integration, whatever its token: finds definitions
    /// made with an older token or by hand.
    pub url_prefix: String,
    pub secret_key: String,
}

impl Target {
    pub fn matches(&self, url: Option<&str>) -> bool {
        url.is_some_and(|u| {
            u.len() >= self.url_prefix.len()
                && u[..self.url_prefix.len()].eq_ignore_ascii_case(&self.url_prefix)
        })
    }
}

pub trait Definition: WebhookEntity + Serialize + Clone + Sync {
    const FIELDS: &'static [Need];
    fn id(&self) -> i64;
    fn url(&self) -> Option<&str>;
    fn active(&self) -> bool;
    fn ready(&self) -> bool;
    /// A new definition: active, create and update events, posting to `target`.
    fn fresh(target: &Target) -> Self;
}

macro_rules! definition {
    ($ty:ty, $name:expr, $fields:expr) => {
        impl Definition for $ty {
            const FIELDS: &'static [Need] = $fields;
            fn id(&self) -> i64 {
                self.id
            }
            fn url(&self) -> Option<&str> {
                self.webhook_url.as_deref()
            }
            fn active(&self) -> bool {
                self.is_active.unwrap_or(false)
            }
            fn ready(&self) -> bool {
                self.is_ready.unwrap_or(false)
            }
            fn fresh(target: &Target) -> Self {
                Self {
                    name: Some($name.into()),
                    webhook_url: Some(target.url.clone()),
                    deactivation_url: Some(target.deactivation_url.clone()),
                    secret_key: Some(target.secret_key.clone()),
                    is_active: Some(true),
                    is_subscribed_to_create_events: Some(true),
                    is_subscribed_to_update_events: Some(true),
                    is_subscribed_to_delete_events: Some(false),
                    send_threshold_exceeded_notification: Some(false),
                    ..Default::default()
                }
            }
        }
    };
}

definition!(TicketWebhook, TICKET_NAME, TICKET_FIELDS);
definition!(TicketNoteWebhook, NOTE_NAME, NOTE_FIELDS);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_match_by_integration_whatever_the_token() {
        let t = Target {
            url: "https://relay.example/hooks/autotask/7?secret=new".into(),
            deactivation_url: String::new(),
            url_prefix: "https://relay.example/hooks/autotask/7?".into(),
            secret_key: String::new(),
        };
        assert!(t.matches(Some("https://relay.example/hooks/autotask/7?secret=old")));
        assert!(t.matches(Some("HTTPS://RELAY.EXAMPLE/hooks/autotask/7?secret=x")));
        assert!(!t.matches(Some("https://relay.example/hooks/autotask/71?secret=x")));
        assert!(!t.matches(Some(
            "https://relay.example/hooks/autotask/7/deactivated?secret=x"
        )));
        assert!(!t.matches(None));
    }
}
