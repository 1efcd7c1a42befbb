//! Creating, repairing, reading and removing one webhook definition in Autotask. Each step is
//! idempotent: a second run adds only what is missing and never a duplicate definition.

use super::definition::{Definition, Target};
use crate::autotask::{AutotaskError, TenantClient, WebhookField};
use app::ids::ResourceId;
use serde_json::{Map, Value};

/// A definition as Relay found or left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub autotask_id: i64,
    /// Relay created it in this run (the store remembers earlier runs).
    pub by_relay: bool,
    pub active: bool,
    pub ready: bool,
    pub fields: Vec<String>,
    pub excluded: Vec<i64>,
}

/// Autotask's answer to a second definition with the same URL and event type.
fn is_duplicate(err: &AutotaskError) -> bool {
    matches!(err, AutotaskError::Validation { messages }
        if messages.iter().any(|m| m.to_ascii_lowercase().contains("already exists")))
}

/// The definition of this integration (by URL), if Autotask has one.
pub async fn find<W: Definition>(
    tenant: &TenantClient,
    target: &Target,
) -> Result<Option<W>, AutotaskError> {
    let all = tenant.webhook_definitions::<W>().await?;
    Ok(all.into_iter().find(|d| target.matches(d.url())))
}

/// Creates the definition or repairs the one found, then adds missing fields (one at a time:
/// parallel adds trip the thread limit) and the API user's exclusion.
pub async fn ensure<W: Definition>(
    tenant: &TenantClient,
    target: &Target,
    api_user: ResourceId,
) -> Result<Seen, AutotaskError> {
    let (id, created) = match find::<W>(tenant, target).await? {
        Some(found) => {
            repair::<W>(tenant, found.id(), target).await?;
            (found.id(), false)
        }
        None => match tenant.create::<W>(&W::fresh(target)).await {
            Ok(id) => (id, true),
            // Made meanwhile (another replica, a double click): adopt it.
            Err(err) if is_duplicate(&err) => match find::<W>(tenant, target).await? {
                Some(found) => {
                    repair::<W>(tenant, found.id(), target).await?;
                    (found.id(), false)
                }
                None => return Err(err),
            },
            Err(err) => return Err(err),
        },
    };
    add_missing_fields::<W>(tenant, id).await?;
    let excluded = tenant.webhook_excluded_resources::<W>(id).await?;
    if !excluded.iter().any(|e| e.resource_id == Some(api_user)) {
        tenant
            .create_webhook_excluded_resource::<W>(id, api_user)
            .await?;
    }
    let mut seen = read::<W>(tenant, id).await?.ok_or_else(|| {
        AutotaskError::Decode(format!("{} {id} vanished during registration", W::PATH))
    })?;
    seen.by_relay |= created;
    Ok(seen)
}

/// Points a found definition at the current URLs and key, active, with create and update
/// events. The key cannot be read back, so it is always sent.
async fn repair<W: Definition>(
    tenant: &TenantClient,
    id: i64,
    target: &Target,
) -> Result<(), AutotaskError> {
    let mut changes = Map::new();
    changes.insert("webhookUrl".into(), target.url.clone().into());
    changes.insert(
        "deactivationUrl".into(),
        target.deactivation_url.clone().into(),
    );
    changes.insert("secretKey".into(), target.secret_key.clone().into());
    changes.insert("isActive".into(), true.into());
    changes.insert("isSubscribedToCreateEvents".into(), true.into());
    changes.insert("isSubscribedToUpdateEvents".into(), true.into());
    tenant.update_json::<W>(id, changes).await.map(drop)
}

async fn add_missing_fields<W: Definition>(
    tenant: &TenantClient,
    id: i64,
) -> Result<(), AutotaskError> {
    let have: Vec<i64> = tenant
        .webhook_fields::<W>(id)
        .await?
        .iter()
        .filter_map(|f| f.field_id)
        .collect();
    let ids = tenant.webhook_field_ids::<W>().await?;
    for need in W::FIELDS {
        let Some((field_id, _)) = ids.iter().find(|(_, n)| n.eq_ignore_ascii_case(need.name))
        else {
            tracing::warn!(
                entity = W::PATH,
                field = need.name,
                "tenant offers no such webhook field"
            );
            continue;
        };
        if have.contains(field_id) {
            continue;
        }
        let field = WebhookField {
            field_id: Some(*field_id),
            is_subscribed_field: Some(need.subscribed),
            is_display_always_field: Some(need.always),
            ..Default::default()
        };
        tenant.create_webhook_field::<W>(id, &field).await?;
    }
    Ok(())
}

/// The definition's state, fields (by name) and exclusions; None if it no longer exists.
pub async fn read<W: Definition>(
    tenant: &TenantClient,
    id: i64,
) -> Result<Option<Seen>, AutotaskError> {
    let Some(def) = tenant.get::<W>(id).await? else {
        return Ok(None);
    };
    let names = tenant.webhook_field_ids::<W>().await?;
    let fields = tenant
        .webhook_fields::<W>(id)
        .await?
        .iter()
        .filter_map(|f| f.field_id)
        .map(|fid| {
            names
                .iter()
                .find(|(i, _)| *i == fid)
                .map_or_else(|| format!("field {fid}"), |(_, n)| n.clone())
        })
        .collect();
    let excluded = tenant
        .webhook_excluded_resources::<W>(id)
        .await?
        .iter()
        .filter_map(|e| e.resource_id.map(|r| r.get()))
        .collect();
    Ok(Some(Seen {
        autotask_id: id,
        // Who made it is Relay's own record (the store), not Autotask's owner: a person
        // following the manual steps may well use the same API user.
        by_relay: false,
        active: def.active(),
        ready: def.ready(),
        fields,
        excluded,
    }))
}

/// Turns a definition back on (after Autotask deactivated it).
pub async fn reactivate<W: Definition>(
    tenant: &TenantClient,
    id: i64,
) -> Result<(), AutotaskError> {
    let mut changes = Map::new();
    changes.insert("isActive".into(), Value::Bool(true));
    tenant.update_json::<W>(id, changes).await.map(drop)
}
