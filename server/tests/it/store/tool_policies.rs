//! Contracts for tool policies (overrides, reset, the change log), modes (the MSP default
//! that imports apply, each client's mode) and the client page's reads.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use app::ids::{ClientId, EventId, IntegrationId, MspId, TicketId};
use app::states::{ClientMode, SessionStatus, ToolPolicy};
use server::db_write;
use server::store::{
    ImportCompany, NewAgentSession, NewImportJob, PolicyChange, PolicyEditor, SetToolPolicy, Store,
    UserRecord,
};

const UPDATE: &str = "autotask:autotask-update-ticket";
const PUBLIC: &str = "autotask:autotask-public-note";

async fn integration(store: &Store) -> (UserRecord, IntegrationId) {
    let user = admin(store).await;
    let created = store
        .create_integration(new_integration(user.msp_id), &fake_seal)
        .await
        .unwrap();
    (user, created.id)
}

fn editor(user: &UserRecord) -> PolicyEditor {
    PolicyEditor {
        user_id: user.id,
        email: user.email.clone(),
    }
}

fn edit(
    integration_id: IntegrationId,
    user: &UserRecord,
    tool: &str,
    policy: ToolPolicy,
    default: ToolPolicy,
    now: i64,
) -> SetToolPolicy {
    SetToolPolicy {
        integration_id,
        tool: tool.into(),
        policy,
        default,
        by: editor(user),
        now,
    }
}

pub async fn policy_overrides_are_logged_and_reset(store: Store) {
    let (ada, id) = integration(&store).await;
    assert!(store.tool_policy_overrides(id).await.unwrap().is_empty());
    use ToolPolicy::*;

    let old = store
        .set_tool_policy(edit(id, &ada, UPDATE, Auto, ApprovalNeeded, T0 + 1))
        .await
        .unwrap();
    assert_eq!(old, Some(ApprovalNeeded), "the default was in force");
    let again = store
        .set_tool_policy(edit(id, &ada, UPDATE, Auto, ApprovalNeeded, T0 + 2))
        .await
        .unwrap();
    assert_eq!(
        again, None,
        "the same policy again changes and logs nothing"
    );
    store
        .set_tool_policy(edit(id, &ada, PUBLIC, ApprovalNeeded, Disabled, T0 + 3))
        .await
        .unwrap();
    let overrides = store.tool_policy_overrides(id).await.unwrap();
    let pairs: Vec<_> = overrides
        .iter()
        .map(|o| (o.tool.as_str(), o.policy))
        .collect();
    assert_eq!(pairs, vec![(PUBLIC, ApprovalNeeded), (UPDATE, Auto)]);
    assert_eq!(
        overrides[1].updated_at,
        T0 + 1,
        "the no-op kept the row as it was"
    );

    // Back to the default: the override goes, so "absent" means "the default".
    let old = store
        .set_tool_policy(edit(id, &ada, PUBLIC, Disabled, Disabled, T0 + 4))
        .await
        .unwrap();
    assert_eq!(old, Some(ApprovalNeeded));
    let overrides = store.tool_policy_overrides(id).await.unwrap();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].tool, UPDATE);

    assert_eq!(
        store
            .reset_tool_policies(id, &editor(&ada), T0 + 5)
            .await
            .unwrap(),
        1
    );
    assert!(store.tool_policy_overrides(id).await.unwrap().is_empty());

    let log = store.tool_policy_changes(id, 10).await.unwrap();
    let seen: Vec<_> = log
        .iter()
        .map(|c| (c.tool.as_deref(), c.change, c.at))
        .collect();
    assert_eq!(
        seen,
        vec![
            (None, PolicyChange::Reset { reverted: 1 }, T0 + 5),
            (
                Some(PUBLIC),
                PolicyChange::Set {
                    old: ApprovalNeeded,
                    new: Disabled
                },
                T0 + 4
            ),
            (
                Some(PUBLIC),
                PolicyChange::Set {
                    old: Disabled,
                    new: ApprovalNeeded
                },
                T0 + 3
            ),
            (
                Some(UPDATE),
                PolicyChange::Set {
                    old: ApprovalNeeded,
                    new: Auto
                },
                T0 + 1
            ),
        ]
    );
    assert!(log
        .iter()
        .all(|c| c.user_id == Some(ada.id) && c.user_email == ada.email));
    assert_eq!(store.tool_policy_changes(id, 2).await.unwrap().len(), 2);
}

/// The log says who, even after that user is gone; policies are per integration.
pub async fn policy_log_outlives_its_user_and_integrations_are_separate(store: Store) {
    let (ada, id) = integration(&store).await;
    let bob = second_admin(&store, ada.msp_id).await;
    store
        .set_tool_policy(edit(
            id,
            &bob,
            UPDATE,
            ToolPolicy::Disabled,
            ToolPolicy::ApprovalNeeded,
            T0 + 1,
        ))
        .await
        .unwrap();
    db_write!(&store, pool => {
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(bob.id.get())
            .execute(pool)
            .await
            .map(drop)
            .unwrap()
    });
    let log = store.tool_policy_changes(id, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user_id, None);
    assert_eq!(log[0].user_email, "bob@northwind.example");

    let other = other_tenant(&store).await;
    let theirs = store
        .create_integration(new_integration(other.msp_id), &fake_seal)
        .await
        .unwrap()
        .id;
    assert!(store
        .tool_policy_overrides(theirs)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .tool_policy_changes(theirs, 10)
        .await
        .unwrap()
        .is_empty());
    store
        .reset_tool_policies(theirs, &editor(&other), T0 + 2)
        .await
        .unwrap();
    assert_eq!(
        store.tool_policy_overrides(id).await.unwrap().len(),
        1,
        "untouched"
    );
}

/// A second MSP with its admin (setup creates only the first).
async fn other_tenant(store: &Store) -> UserRecord {
    let msp: i64 = db_write!(store, pool => {
        sqlx::query_scalar("INSERT INTO msps (name, created_at) VALUES ('Contoso IT', $1) RETURNING id")
            .bind(T0)
            .fetch_one(pool)
            .await
            .unwrap()
    });
    add_user(store, MspId(msp), "eve@contoso.example").await
}

async fn second_admin(store: &Store, msp: MspId) -> UserRecord {
    add_user(store, msp, "bob@northwind.example").await
}

async fn add_user(store: &Store, msp: MspId, email: &str) -> UserRecord {
    db_write!(store, pool => {
        sqlx::query(
            "INSERT INTO users (msp_id, name, email, password_hash, created_at) \
             VALUES ($1, 'Second Admin', $3, 'not-a-real-hash', $2)",
        )
        .bind(msp.get())
        .bind(T0)
        .bind(email)
        .execute(pool)
        .await
        .map(drop)
        .unwrap()
    });
    store.user_by_email(email).await.unwrap().unwrap()
}

/// New clients from an import start in the MSP's default mode; each client's mode can then be
/// switched, only within its own MSP.
pub async fn imports_apply_the_default_mode_and_clients_switch(store: Store) {
    let (ada, integration_id) = integration(&store).await;
    let msp = ada.msp_id;
    assert_eq!(store.msp_default_mode(msp).await.unwrap(), ClientMode::Plan);
    let job = |now| NewImportJob {
        msp_id: msp,
        integration_id,
        company_types: vec![1],
        expected: 1,
        resumed_from: None,
        now,
        include_own_company: false,
        lease_owner: None,
        lease_expires_at: None,
    };
    let company = |id: i64, name: &str| ImportCompany {
        autotask_id: id.to_string(),
        name: name.into(),
        company_type: Some(1),
        company_type_label: Some("Customer".into()),
    };
    let first = store.create_import_job(job(T0)).await.unwrap();
    store
        .import_company_page(first.id, msp, vec![company(10, "Acme")], T0)
        .await
        .unwrap();
    store
        .finish_import_job(first.id, app::states::ImportState::Done, None, T0)
        .await
        .unwrap();

    store
        .set_msp_default_mode(msp, ClientMode::Execute)
        .await
        .unwrap();
    assert_eq!(
        store.msp_default_mode(msp).await.unwrap(),
        ClientMode::Execute
    );
    let second = store.create_import_job(job(T0 + 1)).await.unwrap();
    store
        .import_company_page(
            second.id,
            msp,
            vec![company(10, "Acme"), company(11, "Bolt")],
            T0 + 1,
        )
        .await
        .unwrap();
    let acme = store
        .client_by_autotask_id(msp, "10")
        .await
        .unwrap()
        .unwrap();
    let bolt = store
        .client_by_autotask_id(msp, "11")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        acme.mode,
        ClientMode::Plan,
        "an existing client keeps its mode"
    );
    assert_eq!(
        bolt.mode,
        ClientMode::Execute,
        "a new client gets the default"
    );

    assert!(store
        .set_client_mode(msp, acme.id, ClientMode::Execute, T0 + 2)
        .await
        .unwrap());
    let acme = store
        .client_by_autotask_id(msp, "10")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((acme.mode, acme.updated_at), (ClientMode::Execute, T0 + 2));

    let other = other_tenant(&store).await;
    assert!(!store
        .set_client_mode(other.msp_id, acme.id, ClientMode::Plan, T0 + 3)
        .await
        .unwrap());
    assert_eq!(
        store.msp_default_mode(other.msp_id).await.unwrap(),
        ClientMode::Plan
    );
    assert!(store
        .client_detail(other.msp_id, acme.id)
        .await
        .unwrap()
        .is_none());
}

pub async fn client_detail_and_recent_sessions(store: Store) {
    let (ada, integration_id) = integration(&store).await;
    let msp = ada.msp_id;
    let job = store
        .create_import_job(NewImportJob {
            msp_id: msp,
            integration_id,
            company_types: vec![1],
            expected: 1,
            resumed_from: None,
            now: T0,
            include_own_company: false,
            lease_owner: None,
            lease_expires_at: None,
        })
        .await
        .unwrap();
    let acme = ImportCompany {
        autotask_id: "612".into(),
        name: "Acme".into(),
        company_type: Some(1),
        company_type_label: Some("Customer".into()),
    };
    store
        .import_company_page(job.id, msp, vec![acme], T0)
        .await
        .unwrap();
    let client = store
        .client_by_autotask_id(msp, "612")
        .await
        .unwrap()
        .unwrap();
    let detail = store.client_detail(msp, client.id).await.unwrap().unwrap();
    assert_eq!(detail.name, "Acme");
    assert_eq!(detail.autotask_id.as_deref(), Some("612"));
    assert_eq!(detail.company_type_label.as_deref(), Some("Customer"));
    assert_eq!(detail.mode, ClientMode::Plan);
    assert_eq!(
        detail.agent_status,
        Some(app::states::AgentStatus::Provisioning)
    );
    assert!(store
        .client_detail(msp, ClientId(client.id.get() + 99))
        .await
        .unwrap()
        .is_none());

    assert!(store
        .client_sessions(client.id, 10)
        .await
        .unwrap()
        .is_empty());
    for (event, ticket) in [(1, 41215), (2, 41216), (3, 41217)] {
        store
            .create_agent_session(NewAgentSession {
                msp_id: msp,
                client_id: client.id,
                ticket_id: TicketId(ticket),
                source_event_id: EventId(event),
                context: serde_json::json!({}),
                created_at: T0 + event,
            })
            .await
            .unwrap();
    }
    let sessions = store.client_sessions(client.id, 2).await.unwrap();
    let tickets: Vec<_> = sessions.iter().map(|s| s.ticket_id).collect();
    assert_eq!(
        tickets,
        vec![TicketId(41217), TicketId(41216)],
        "newest first, limited"
    );
    assert_eq!(
        sessions[0].status,
        SessionStatus::Ready,
        "a wake is unread input"
    );
    assert_eq!(sessions[0].created_at, T0 + 3);
}

/// What the gateway reads: the defaults, the admin's changes on top, the defaults again
/// after a reset.
pub async fn gateway_load_reflects_changes_and_reset(store: Store) {
    use server::gateway::policy::{load, Policies};
    let (ada, id) = integration(&store).await;
    assert_eq!(load(&store, id).await.unwrap(), Policies::defaults());
    store
        .set_tool_policy(edit(
            id,
            &ada,
            UPDATE,
            ToolPolicy::Auto,
            ToolPolicy::ApprovalNeeded,
            T0,
        ))
        .await
        .unwrap();
    let loaded = load(&store, id).await.unwrap();
    assert_eq!(loaded.of(UPDATE), Some(ToolPolicy::Auto));
    assert_eq!(
        loaded.of(PUBLIC),
        Some(ToolPolicy::Disabled),
        "others keep their default"
    );
    store
        .reset_tool_policies(id, &editor(&ada), T0 + 1)
        .await
        .unwrap();
    assert_eq!(load(&store, id).await.unwrap(), Policies::defaults());
}
