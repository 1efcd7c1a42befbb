//! Finding the API user's own Resource id (reference §8): there is no "whoami", so match the
//! username against `userName`, `email` and the local part, and prefer licenseType 7.

use app::ids::ResourceId;
use std::collections::HashMap;
use std::sync::Mutex;

use super::client::TenantClient;
use super::entities::{Resource, API_USER_LICENSE_TYPE};
use super::errors::AutotaskError;
use super::query::{Filter, Query};

#[derive(Default)]
pub(crate) struct ResourceIdCache {
    ids: Mutex<HashMap<String, ResourceId>>,
}

/// The single resource that is the API user, or why there is not exactly one.
pub fn pick_api_user(username: &str, candidates: &[Resource]) -> Result<ResourceId, AutotaskError> {
    let local = local_part(username);
    let matching: Vec<&Resource> = candidates
        .iter()
        .filter(|r| {
            let user_name = r.user_name.as_deref().unwrap_or("");
            let email = r.email.as_deref().unwrap_or("");
            user_name.eq_ignore_ascii_case(username)
                || email.eq_ignore_ascii_case(username)
                || (!local.is_empty() && user_name.eq_ignore_ascii_case(local))
        })
        .collect();
    let chosen: Vec<&Resource> = match matching.as_slice() {
        [only] => vec![only],
        _ => matching
            .iter()
            .copied()
            .filter(|r| r.license_type == Some(API_USER_LICENSE_TYPE))
            .collect(),
    };
    match chosen.as_slice() {
        [only] => Ok(only.id),
        [] if matching.is_empty() => Err(AutotaskError::ApiUserNotFound {
            username: username.to_owned(),
        }),
        _ => Err(AutotaskError::ApiUserAmbiguous {
            username: username.to_owned(),
            candidates: matching.iter().map(|r| r.id.get()).collect(),
        }),
    }
}

fn local_part(username: &str) -> &str {
    username
        .split_once('@')
        .map_or(username, |(local, _)| local)
}

impl TenantClient {
    /// The API user's resource id; cached, because it never changes. Relay excludes it from
    /// webhooks and drops events it authored (loop prevention).
    pub async fn api_user_resource_id(&self) -> Result<ResourceId, AutotaskError> {
        let username = self.credentials.username.clone();
        let key = username.to_ascii_lowercase();
        let cache = &self.client.inner.resource_ids;
        if let Some(id) = cache
            .ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(*id);
        }
        let mut ways = vec![
            Filter::eq("userName", username.as_str()),
            Filter::eq("email", username.as_str()),
        ];
        let local = local_part(&username);
        if local != username && !local.is_empty() {
            ways.push(Filter::eq("userName", local));
        }
        let query = Query::new().filter(Filter::or(ways)).include_fields([
            "id",
            "userName",
            "email",
            "licenseType",
            "isActive",
        ]);
        let candidates = self.query_all::<Resource>(&query).await?;
        let id = pick_api_user(&username, &candidates)?;
        cache
            .ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: i64, user_name: &str, email: &str, license: i64) -> Resource {
        Resource {
            id: ResourceId(id),
            user_name: Some(user_name.into()),
            email: Some(email.into()),
            license_type: Some(license),
            ..Default::default()
        }
    }

    #[test]
    fn picks_by_any_way_and_prefers_api_licence() {
        let u = "relay-api@northwind.example";
        assert_eq!(
            pick_api_user(u, &[resource(7, "relay-api", "other@x.example", 7)]).unwrap(),
            ResourceId(7)
        );
        assert_eq!(
            pick_api_user(u, &[resource(8, "x", "RELAY-API@northwind.example", 1)]).unwrap(),
            ResourceId(8)
        );
        let both = [
            resource(1, "relay-api", "a@x.example", 1),
            resource(2, u, "b@x.example", 7),
        ];
        assert_eq!(pick_api_user(u, &both).unwrap(), ResourceId(2));
    }

    #[test]
    fn none_or_ambiguous_is_an_error() {
        let u = "relay-api@northwind.example";
        assert!(matches!(
            pick_api_user(u, &[]),
            Err(AutotaskError::ApiUserNotFound { .. })
        ));
        let unrelated = [resource(3, "someone", "someone@x.example", 7)];
        assert!(matches!(
            pick_api_user(u, &unrelated),
            Err(AutotaskError::ApiUserNotFound { .. })
        ));
        let twins = [resource(1, "relay-api", "", 7), resource(2, u, "", 7)];
        assert!(
            matches!(pick_api_user(u, &twins), Err(AutotaskError::ApiUserAmbiguous { ref candidates, .. }) if candidates == &[1, 2])
        );
        let humans = [resource(1, "relay-api", "", 1), resource(2, u, "", 1)];
        assert!(matches!(
            pick_api_user(u, &humans),
            Err(AutotaskError::ApiUserAmbiguous { .. })
        ));
    }
}
