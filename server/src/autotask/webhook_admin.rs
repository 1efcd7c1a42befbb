//! Managing webhook definitions: listing them, their Fields and ExcludedResources children, the
//! field-id picklist, and removing children (reference §10.2–10.4).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::client::TenantClient;
use super::entities::{WebhookEntity, WebhookExcludedResource, WebhookField};
use super::errors::AutotaskError;
use super::http::ApiRequest;
use super::query::{Filter, Query};
use super::reads::decode;

#[derive(Deserialize)]
struct Items<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
}

/// `TicketWebhooks` → `TicketWebhookFields`: the entity whose `fieldID` picklist names the
/// watched entity's webhook fields.
pub fn webhook_fields_entity(path: &str) -> String {
    format!("{}Fields", path.trim_end_matches('s'))
}

impl TenantClient {
    /// Every definition of this webhook entity (a tenant has a handful: one page).
    pub async fn webhook_definitions<W: WebhookEntity>(&self) -> Result<Vec<W>, AutotaskError> {
        let query = Query::new().filter(Filter::gt("id", 0));
        Ok(self.query_page::<W>(&query).await?.items)
    }

    /// `GET /{X}Webhooks/{id}/Fields`.
    pub async fn webhook_fields<W: WebhookEntity>(
        &self,
        webhook_id: i64,
    ) -> Result<Vec<WebhookField>, AutotaskError> {
        self.children::<W, _>(webhook_id, "Fields").await
    }

    /// `GET /{X}Webhooks/{id}/ExcludedResources`.
    pub async fn webhook_excluded_resources<W: WebhookEntity>(
        &self,
        webhook_id: i64,
    ) -> Result<Vec<WebhookExcludedResource>, AutotaskError> {
        self.children::<W, _>(webhook_id, "ExcludedResources").await
    }

    /// Field name → webhook field id, from `{X}WebhookFields/entityInformation/fields`.
    pub async fn webhook_field_ids<W: WebhookEntity>(
        &self,
    ) -> Result<Vec<(i64, String)>, AutotaskError> {
        let entity = webhook_fields_entity(W::PATH);
        let fields = self.entity_fields(&entity).await?;
        Ok(fields
            .field("fieldID")
            .map(|f| {
                f.picklist_values
                    .iter()
                    .filter_map(|v| Some((v.int_value()?, v.label.clone())))
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn children<W: WebhookEntity, T: DeserializeOwned>(
        &self,
        webhook_id: i64,
        child: &str,
    ) -> Result<Vec<T>, AutotaskError> {
        let path = format!("{}/{webhook_id}/{child}", W::PATH);
        let response = self
            .send(&ApiRequest::new(Method::GET, W::PATH, path))
            .await?;
        Ok(decode::<Items<T>>(child, &response.body)?.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_picklists_live_on_the_singular_fields_entity() {
        assert_eq!(
            webhook_fields_entity("TicketWebhooks"),
            "TicketWebhookFields"
        );
        assert_eq!(
            webhook_fields_entity("TicketNoteWebhooks"),
            "TicketNoteWebhookFields"
        );
    }
}
