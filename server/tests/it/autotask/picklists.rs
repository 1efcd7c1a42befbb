//! Picklist labels for every field Relay shows, cached per (tenant, entity) with expiry, and the
//! API user's own resource id (reference §8).

use std::time::Duration;

use server::autotask::PicklistField::{self, *};

use super::{env, env_with};

#[tokio::test]
async fn labels_for_every_picklist_relay_shows() {
    let env = env().await;
    let cases: [(PicklistField, i64, &str); 8] = [
        (TicketStatus, 5, "Complete"),
        (TicketPriority, 4, "Critical"),
        (TicketQueue, 29682833, "Client Portal"),
        (TicketType, 2, "Incident"),
        (TicketIssueType, 13, "Network"),
        (TicketSubIssueType, 401, "VPN"),
        (CompanyType, 7, "Vendor"),
        (NotePublish, 2, "Internal Users"),
    ];
    for (field, value, label) in cases {
        assert_eq!(
            env.tenant
                .picklist_label(field, value)
                .await
                .unwrap()
                .as_deref(),
            Some(label),
            "{field:?}"
        );
        assert_eq!(
            env.tenant.picklist_value(field, label).await.unwrap(),
            Some(value),
            "{field:?}"
        );
    }
    assert_eq!(
        env.tenant
            .picklist_label(TicketStatus, 424242)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        env.sim.request_count(),
        3,
        "one fetch each for Tickets, Companies, TicketNotes"
    );

    let statuses = env.tenant.picklist_options(TicketStatus).await.unwrap();
    assert_eq!(
        statuses.first(),
        Some(&(1, "New".to_owned())),
        "sorted by sortOrder"
    );
    assert!(
        !statuses.iter().any(|(_, l)| l == "Cancelled"),
        "inactive values hidden"
    );
    let fields = env.tenant.entity_fields("Tickets").await.unwrap();
    let vpn_family: Vec<_> = fields
        .children_of("subIssueType", 13)
        .iter()
        .map(|v| v.label.clone())
        .collect();
    assert_eq!(vpn_family, vec!["VPN", "Wi-Fi"]);

    // The cache is per process: another handle for the same tenant reuses it.
    let again = env.client.tenant(super::credentials(&env.sim));
    again.picklist_label(CompanyType, 1).await.unwrap();
    assert_eq!(env.sim.request_count(), 3);
    again.forget_entity_fields("Companies");
    again.picklist_label(CompanyType, 1).await.unwrap();
    assert_eq!(env.sim.request_count(), 4);
}

#[tokio::test]
async fn cached_picklists_expire() {
    let env = env_with(Default::default(), |c| {
        c.picklist_ttl = Duration::from_millis(500)
    })
    .await;
    env.tenant.picklist_label(TicketStatus, 1).await.unwrap();
    env.tenant.picklist_label(TicketPriority, 1).await.unwrap();
    assert_eq!(env.sim.request_count(), 1);
    tokio::time::sleep(Duration::from_millis(600)).await;
    env.tenant.picklist_label(TicketStatus, 1).await.unwrap();
    assert_eq!(env.sim.request_count(), 2);
}

#[tokio::test]
async fn resolves_the_api_users_resource_id_once() {
    let env = env().await;
    let id = env.tenant.api_user_resource_id().await.unwrap();
    assert_eq!(id.get(), env.sim.api_user_resource_id());
    assert_eq!(env.tenant.api_user_resource_id().await.unwrap(), id);
    assert_eq!(env.sim.request_count(), 1, "cached after the first lookup");
}
