//! Contracts for the session page's reads and the rule agent's per-MSP triage mapping. The
//! runner's writes are simulated with plain SQL here: these contracts pin the reads only.

use super::harness::{admin, T0};
use super::queries::TestQueries;
use app::ids::{EventId, MspId, SessionId, TicketId};
use app::states::{ApprovalState, SessionStatus, ToolCallState};
use serde_json::{json, Value};
use server::store::{NewAgentSession, NewClient, Store};
use server::{db_run, db_write};
use sqlx::types::Json;

async fn exec(store: &Store, sql: &str, binds: &[Value]) {
    db_write!(store, pool => {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = match b {
                Value::Number(n) => q.bind(n.as_i64().unwrap()),
                Value::String(s) => q.bind(s.clone()),
                Value::Null => q.bind(None::<i64>),
                other if *other == null_json() => q.bind(None::<Json<Value>>),
                other if *other == null_text() => q.bind(None::<String>),
                other => q.bind(Json(other.clone())),
            };
        }
        q.execute(pool).await.unwrap();
    });
}

/// SQL NULL for a JSON column (PostgreSQL types a bare NULL parameter by its Rust type).
fn null_json() -> Value {
    json!({"sql_null": "json"})
}

fn null_text() -> Value {
    json!({"sql_null": "text"})
}

async fn other_msp(store: &Store) -> MspId {
    let id: i64 = db_write!(store, pool => {
        sqlx::query_scalar("INSERT INTO msps (name, created_at) VALUES ('Contoso MSP', $1) RETURNING id")
            .bind(T0)
            .fetch_one(pool)
            .await
            .unwrap()
    });
    MspId(id)
}

async fn session(store: &Store, msp: MspId, autotask_id: &str, ticket: i64) -> SessionId {
    let client = NewClient {
        msp_id: msp,
        name: format!("Client {autotask_id}"),
        autotask_id: autotask_id.into(),
        now: T0,
    };
    let (client, _) = store.upsert_autotask_client(client).await.unwrap();
    let new = NewAgentSession {
        msp_id: msp,
        client_id: client.id,
        ticket_id: TicketId(ticket),
        source_event_id: EventId(ticket),
        context: json!({"ticket": {"id": ticket, "title": "Printer offline"}}),
        created_at: T0,
    };
    store.create_agent_session(new).await.unwrap().0.id
}

/// A session the runner has worked: three conversation entries, three tool calls (one
/// waiting for approval) and its pending approval.
async fn seed_session_with_work(store: &Store, msp: MspId) -> SessionId {
    let id = session(store, msp, "612", 7001).await;
    let s = id.get();
    exec(store, "UPDATE agent_sessions SET status = 'waiting_approval', status_reason = 'update-ticket waits', turns = 3, updated_at = $2 WHERE id = $1", &[json!(s), json!(T0 + 9)]).await;
    let entry = "INSERT INTO session_entries (session_id, turn, kind, body, created_at) VALUES ($1, $2, $3, $4, $5)";
    exec(
        store,
        entry,
        &[
            json!(s),
            json!(0),
            json!("context"),
            json!({"ticket": {"id": 7001}}),
            json!(T0),
        ],
    )
    .await;
    exec(
        store,
        entry,
        &[
            json!(s),
            json!(1),
            json!("brain"),
            json!({"tool_calls": [{"name": "autotask:autotask-list-notes"}]}),
            json!(T0 + 1),
        ],
    )
    .await;
    exec(
        store,
        entry,
        &[
            json!(s),
            json!(1),
            json!("tool"),
            json!({"content": "[]"}),
            json!(T0 + 2),
        ],
    )
    .await;
    let call = "INSERT INTO tool_calls (msp_id, session_id, turn, call_index, brain_call_id, tool, arguments, state, decision, relay_ref, result, error, requests, started_at, finished_at) VALUES ($1, $2, $3, $4, 'c', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    // Inserted out of order: the page reads by turn and call index.
    exec(
        store,
        call,
        &[
            json!(msp.get()),
            json!(s),
            json!(2),
            json!(0),
            json!("autotask:autotask-update-ticket"),
            json!({"ticketId": 7001}),
            json!("waiting_approval"),
            json!("waiting for approval"),
            json!("RLY-1-2-0"),
            null_json(),
            null_text(),
            json!(0),
            json!(T0 + 5),
            Value::Null,
        ],
    )
    .await;
    exec(
        store,
        call,
        &[
            json!(msp.get()),
            json!(s),
            json!(1),
            json!(1),
            json!("autotask:autotask-list-tickets"),
            json!({"companyId": 174}),
            json!("done"),
            json!("ran"),
            json!("RLY-1-1-1"),
            json!({"tickets": []}),
            null_text(),
            json!(1),
            json!(T0 + 3),
            json!(T0 + 4),
        ],
    )
    .await;
    exec(
        store,
        call,
        &[
            json!(msp.get()),
            json!(s),
            json!(1),
            json!(0),
            json!("autotask:autotask-list-notes"),
            json!({"ticketId": 7001}),
            json!("failed"),
            json!("ran"),
            json!("RLY-1-1-0"),
            null_json(),
            json!("Autotask said no"),
            json!(1),
            json!(T0 + 3),
            json!(T0 + 4),
        ],
    )
    .await;
    let call_id: i64 = db_run!(store, pool => {
        sqlx::query_scalar("SELECT id FROM tool_calls WHERE session_id = $1 AND turn = 2").bind(s).fetch_one(pool).await.unwrap()
    });
    let clients: i64 = db_run!(store, pool => {
        sqlx::query_scalar("SELECT client_id FROM agent_sessions WHERE id = $1").bind(s).fetch_one(pool).await.unwrap()
    });
    exec(store, "INSERT INTO approval_requests (msp_id, client_id, session_id, tool_call_id, ticket_id, tool, arguments, created_at) VALUES ($1, $2, $3, $4, 7001, 'autotask:autotask-update-ticket', $5, $6)", &[json!(msp.get()), json!(clients), json!(s), json!(call_id), json!({"ticketId": 7001, "status": "In Progress"}), json!(T0 + 5)]).await;

    id
}

pub async fn session_page_reads_its_own_session_in_order(store: Store) {
    let msp = admin(&store).await.msp_id;
    let id = seed_session_with_work(&store, msp).await;
    let header = store
        .session_header(msp, id)
        .await
        .unwrap()
        .expect("own session");
    assert_eq!(header.client_name, "Client 612");
    assert_eq!(header.ticket_id, TicketId(7001));
    assert_eq!(header.status, SessionStatus::WaitingApproval);
    assert_eq!(header.status_reason.as_deref(), Some("update-ticket waits"));
    assert_eq!(header.turns, 3);
    assert_eq!(header.context["ticket"]["title"], "Printer offline");

    let entries = store.session_entry_rows(id).await.unwrap();
    let kinds: Vec<_> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["context", "brain", "tool"]);
    assert_eq!(
        entries[1].body["tool_calls"][0]["name"],
        "autotask:autotask-list-notes"
    );

    let calls = store.session_call_rows(id).await.unwrap();
    let order: Vec<_> = calls.iter().map(|c| (c.turn, c.call_index)).collect();
    assert_eq!(order, [(1, 0), (1, 1), (2, 0)]);
    assert_eq!(calls[0].state, ToolCallState::Failed);
    assert_eq!(calls[0].error.as_deref(), Some("Autotask said no"));
    assert_eq!(calls[0].result, None);
    assert_eq!(calls[1].result, Some(json!({"tickets": []})));
    assert_eq!((calls[1].requests, calls[1].finished_at), (1, Some(T0 + 4)));
    assert_eq!(calls[2].state, ToolCallState::WaitingApproval);
    assert_eq!(calls[2].finished_at, None);

    let approvals = store.session_approval_rows(id).await.unwrap();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].state, ApprovalState::Pending);
    assert_eq!(approvals[0].arguments["status"], "In Progress");

    let recent = store.recent_session_rows(msp, 10).await.unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(
        (recent[0].id, recent[0].status),
        (id, SessionStatus::WaitingApproval)
    );
}

pub async fn another_msps_session_is_not_found(store: Store) {
    let msp = admin(&store).await.msp_id;
    let other = other_msp(&store).await;
    let theirs = session(&store, other, "900", 8001).await;
    let ours = session(&store, msp, "612", 7001).await;
    assert!(store.session_header(msp, theirs).await.unwrap().is_none());
    assert!(store.session_header(other, ours).await.unwrap().is_none());
    assert!(store.session_header(other, theirs).await.unwrap().is_some());
    assert!(store
        .session_header(msp, SessionId(ours.get() + 1000))
        .await
        .unwrap()
        .is_none());
    let recent = store.recent_session_rows(msp, 10).await.unwrap();
    assert_eq!(recent.iter().map(|r| r.id).collect::<Vec<_>>(), [ours]);
}

pub async fn rule_mapping_is_saved_per_msp_and_cleared(store: Store) {
    let user = admin(&store).await;
    let msp = user.msp_id;
    let other = other_msp(&store).await;
    assert_eq!(store.rule_mapping(msp).await.unwrap(), None);
    let first = json!({"rules": [{"category": "printer", "priority": "Low"}]});
    store
        .set_rule_mapping(msp, &first, user.id, T0)
        .await
        .unwrap();
    let second = json!({"rules": [{"category": "printer", "priority": "High"}]});
    store
        .set_rule_mapping(msp, &second, user.id, T0 + 5)
        .await
        .unwrap();
    let saved = store.rule_mapping(msp).await.unwrap().expect("saved");
    assert_eq!(saved.mapping, second);
    assert_eq!(
        (saved.updated_by, saved.updated_at),
        (Some(user.id.get()), T0 + 5)
    );
    assert_eq!(saved.updated_by_name.as_deref(), Some("Ada Admin"));
    assert_eq!(store.rule_mapping(other).await.unwrap(), None, "per MSP");
    assert!(store.clear_rule_mapping(msp).await.unwrap());
    assert!(!store.clear_rule_mapping(msp).await.unwrap());
    assert_eq!(store.rule_mapping(msp).await.unwrap(), None);
}

pub async fn session_service_shows_the_work_and_hides_other_msps(store: Store) {
    use app::error::ErrorCode;
    use app::service::SessionService;
    use app::wire::CurrentUser;
    use server::sessions::Sessions;

    let ada = admin(&store).await;
    let id = seed_session_with_work(&store, ada.msp_id).await;
    let user = |msp: MspId| CurrentUser {
        user_id: ada.id,
        msp_id: msp,
        msp_name: "Northwind IT".into(),
        name: ada.name.clone(),
        email: ada.email.clone(),
    };
    let service = Sessions::new(store.clone());
    let view = service.session(&user(ada.msp_id), id).await.unwrap();
    assert_eq!(view.client, "Client 612");
    assert_eq!(view.ticket, "#7001");
    assert_eq!(view.ticket_title, "Printer offline");
    assert_eq!(view.status_label, "Waiting for approval");
    assert_eq!(view.status_reason.as_deref(), Some("update-ticket waits"));
    assert_eq!(view.requests, 2);
    assert!(view
        .context
        .iter()
        .any(|l| l.label == "Title" && l.value == "Printer offline"));
    // The brain turn carries the calls of its turn; turn 2 has no brain entry yet, so its
    // call is listed as in progress rather than lost.
    let kinds: Vec<_> = view
        .timeline
        .iter()
        .map(|t| (t.kind.as_str(), t.calls.len()))
        .collect();
    assert_eq!(kinds, [("brain", 2), ("brain", 1)]);
    assert_eq!(view.timeline[1].heading, "Tool calls in progress");
    let first = &view.timeline[0].calls[0];
    assert_eq!(first.tool, "autotask:autotask-list-notes");
    assert_eq!(first.error.as_deref(), Some("Autotask said no"));
    assert_eq!(first.duration.as_deref(), Some("1 ms"));
    assert!(
        first.arguments.contains("\"ticketId\": 7001"),
        "{}",
        first.arguments
    );
    let waiting = &view.timeline[1].calls[0];
    assert_eq!(
        (waiting.state_label.as_str(), waiting.decision.as_str()),
        ("Waiting for approval", "waiting for approval")
    );
    assert_eq!(view.approvals.len(), 1);
    assert!(view.approvals[0].arguments.contains("In Progress"));

    let other = other_msp(&store).await;
    let err = service.session(&user(other), id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(service
        .recent_sessions(&user(other))
        .await
        .unwrap()
        .is_empty());
    let mine = service.recent_sessions(&user(ada.msp_id)).await.unwrap();
    assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), [id]);
}

pub async fn rule_settings_edit_one_row_and_reset(store: Store) {
    use app::error::ErrorCode;
    use app::rules_wire::TriageRuleView;
    use app::service::RuleAgentService;
    use app::wire::CurrentUser;
    use server::agent::brain::rules::settings::RuleSettings;
    use server::agent::brain::rules::source::rule_agent_for;

    let ada = admin(&store).await;
    let user = CurrentUser {
        user_id: ada.id,
        msp_id: ada.msp_id,
        msp_name: "Northwind IT".into(),
        name: ada.name.clone(),
        email: ada.email.clone(),
    };
    let settings = RuleSettings::new(store.clone());
    let before = settings.mapping(&user).await.unwrap();
    assert!(!before.customised);
    assert_eq!(before.rules.len(), 7);
    let printer = before
        .rules
        .iter()
        .find(|r| r.category == "printer")
        .unwrap()
        .clone();
    assert_eq!(
        (printer.priority.as_str(), printer.queue.as_str()),
        ("Low", "Level I Support")
    );

    let edit = TriageRuleView {
        priority: "High".into(),
        assignee: "29682910".into(),
        ..printer.clone()
    };
    let after = settings.save_rule(&user, edit).await.unwrap();
    assert!(after.customised);
    assert!(after.changed.as_deref().unwrap().starts_with("Ada Admin, "));
    let row = after
        .rules
        .iter()
        .find(|r| r.category == "printer")
        .unwrap();
    assert_eq!(
        (row.priority.as_str(), row.assignee.as_str()),
        ("High", "29682910")
    );
    let email = after.rules.iter().find(|r| r.category == "email").unwrap();
    assert_eq!(email.priority, "Medium", "other rows keep their values");
    // The rule agent of this MSP now works with the edit.
    let agent = rule_agent_for(&store, ada.msp_id).await.unwrap();
    let rule = agent
        .mapping()
        .rules
        .iter()
        .find(|r| r.category.as_str() == "printer")
        .unwrap();
    assert_eq!(
        (rule.priority.as_deref(), rule.assigned_resource_id),
        (Some("High"), Some(29682910))
    );

    let bad = TriageRuleView {
        assignee: "nobody".into(),
        ..printer.clone()
    };
    assert_eq!(
        settings.save_rule(&user, bad).await.unwrap_err().code,
        ErrorCode::Validation
    );
    let unknown = TriageRuleView {
        category: "coffee".into(),
        ..printer
    };
    assert_eq!(
        settings.save_rule(&user, unknown).await.unwrap_err().code,
        ErrorCode::Validation
    );

    let reset = settings.reset(&user).await.unwrap();
    assert!(!reset.customised);
    assert_eq!(reset, before);
}
