//! Contracts for the tamper-evident activity chain: appends link, parallel appends stay one
//! chain, and verification finds an altered row, a removed row and a rewritten tail.

use super::harness::{admin, T0};
use app::ids::{ClientId, MspId};
use serde_json::json;
use server::activity::checkpoint::checkpoint;
use server::activity::verify::{verify, Break};
use server::crypto::{AuditKey, MasterKey};
use server::store::audit_chain::{from_hex32, GENESIS};
use server::store::{ActivityFilter, ChainRecord, NewActivity, Store};
use server::{db_run, db_write};

fn tool_call(msp_id: MspId, at: i64, tool: &str, outcome: &str) -> NewActivity {
    NewActivity {
        msp_id,
        client_id: None,
        at,
        kind: "tool_call".into(),
        summary: format!("{tool} {outcome}"),
        outcome: outcome.into(),
        // Floats (-0, integral, tiny, huge), a big integer, keys out of order and non-ASCII
        // text: an entry is hashed as written and verified as read back, so both must agree
        // after either database's round trip (PostgreSQL's jsonb reorders and renormalises).
        detail: json!({"tool": tool, "arguments": {"ticketId": 41215, "hours": 1.5, "tiny": 1e-7,
            "big": 1e16, "huge": 1.5e300, "whole": 2.0, "minus_zero": -0.0,
            "note": "Drucker läuft — ☕ \"quoted\" \\ \n"},
            "z": [3, {"y": null, "b": true}], "a": {}, "duration_ms": 12, "requests": 1}),
    }
}

async fn exec(store: &Store, sql: &str) {
    db_write!(store, pool => { sqlx::query(sql).execute(pool).await.unwrap(); });
}

async fn append_n(store: &Store, msp: MspId, n: i64) {
    for i in 0..n {
        let outcome = if i % 2 == 0 { "ran" } else { "refused" };
        store
            .append_activity(tool_call(
                msp,
                T0 + i,
                "autotask:autotask-get-ticket",
                outcome,
            ))
            .await
            .unwrap();
    }
}

async fn second_msp(store: &Store) -> MspId {
    exec(
        store,
        "INSERT INTO msps (name, created_at) VALUES ('Other MSP', 0)",
    )
    .await;
    let id: i64 = db_run!(store, pool => {
        sqlx::query_scalar("SELECT max(id) FROM msps").fetch_one(pool).await.unwrap()
    });
    MspId(id)
}

fn key() -> AuditKey {
    AuditKey::derive(&MasterKey::generate())
}

pub async fn appends_link_into_one_chain_per_msp(store: Store) {
    let msp = admin(&store).await.msp_id;
    let other = second_msp(&store).await;
    append_n(&store, msp, 3).await;
    append_n(&store, other, 2).await;
    let rows = store.activity_chain_page(msp, 0, 10).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3)]
    );
    assert_eq!(
        rows[0].prev_hash.as_deref().and_then(from_hex32),
        Some(GENESIS)
    );
    assert_eq!(rows[1].prev_hash, rows[0].hash);
    assert_eq!(rows[2].prev_hash, rows[1].hash);
    let head = store.activity_head(msp).await.unwrap().unwrap();
    assert_eq!((head.seq, Some(head.hash)), (3, rows[2].hash.clone()));

    let k = key();
    let report = verify(&store, &k, msp).await.unwrap();
    assert!(report.is_ok(), "{}", report.summary());
    assert_eq!(report.through, 3);
    assert!(
        report.summary().starts_with("OK through seq 3"),
        "{}",
        report.summary()
    );
    let theirs = verify(&store, &k, other).await.unwrap();
    assert_eq!(
        (theirs.through, theirs.is_ok()),
        (2, true),
        "the other MSP has its own seq"
    );
}

pub async fn parallel_appends_make_a_valid_chain(store: Store) {
    let msp = admin(&store).await.msp_id;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .append_activity(tool_call(
                    msp,
                    T0 + i,
                    "autotask:autotask-internal-note",
                    "ran",
                ))
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let report = verify(&store, &key(), msp).await.unwrap();
    assert!(report.is_ok(), "{}", report.summary());
    assert_eq!(report.through, 24);
}

pub async fn verify_finds_an_altered_row(store: Store) {
    let msp = admin(&store).await.msp_id;
    append_n(&store, msp, 4).await;
    let k = key();
    exec(
        &store,
        "UPDATE activity SET summary = 'nothing happened' WHERE seq = 2",
    )
    .await;
    let report = verify(&store, &k, msp).await.unwrap();
    let problem = report.problem.clone().expect("the edit is found");
    assert_eq!((problem.seq, problem.kind), (2, Break::PayloadAltered));
    assert_eq!(report.through, 1);
    assert!(
        report.summary().starts_with("BROKEN at seq 2"),
        "{}",
        report.summary()
    );

    exec(
        &store,
        "UPDATE activity SET summary = 'autotask:autotask-get-ticket refused' WHERE seq = 2",
    )
    .await;
    assert!(verify(&store, &k, msp).await.unwrap().is_ok(), "restored");
    exec(&store, "UPDATE activity SET outcome = 'ran' WHERE seq = 4").await;
    let problem = verify(&store, &k, msp).await.unwrap().problem.unwrap();
    assert_eq!((problem.seq, problem.kind), (4, Break::RowAltered));
}

pub async fn verify_finds_a_removed_row(store: Store) {
    let msp = admin(&store).await.msp_id;
    append_n(&store, msp, 4).await;
    let k = key();
    exec(&store, "DELETE FROM activity WHERE seq = 2").await;
    let problem = verify(&store, &k, msp).await.unwrap().problem.unwrap();
    assert_eq!((problem.seq, problem.kind), (2, Break::Missing));

    // Removing the last entry leaves every link intact; the head still says 4.
    let store2 = store.clone();
    exec(&store2, "DELETE FROM activity WHERE seq > 1").await;
    let problem = verify(&store, &k, msp).await.unwrap().problem.unwrap();
    assert_eq!((problem.seq, problem.kind), (2, Break::Truncated));
}

/// Rewrites entry 3 and every hash after it, head included, as an attacker with database access
/// but without the master key could.
async fn rewrite_from(store: &Store, msp: MspId, from_seq: i64) {
    let rows: Vec<ChainRecord> = store.activity_chain_page(msp, 0, 100).await.unwrap();
    let mut prev = GENESIS;
    for row in &rows {
        let seq = row.seq.unwrap();
        if seq < from_seq {
            prev = from_hex32(row.hash.as_deref().unwrap()).unwrap();
            continue;
        }
        let mut row = row.clone();
        if seq == from_seq {
            row.summary = "rewritten".into();
        }
        let (payload, hash) = row.fields(seq).hashes(&prev);
        let sql = format!(
            "UPDATE activity SET summary = '{}', payload_hash = '{payload}', prev_hash = '{}', \
             hash = '{hash}' WHERE id = {}",
            row.summary,
            server::store::audit_chain::to_hex(&prev),
            row.id
        );
        exec(store, &sql).await;
        prev = from_hex32(&hash).unwrap();
    }
    let sql = format!(
        "UPDATE activity_heads SET hash = '{}' WHERE msp_id = {}",
        server::store::audit_chain::to_hex(&prev),
        msp
    );
    exec(store, &sql).await;
}

pub async fn verify_finds_a_rewritten_tail_by_its_checkpoint(store: Store) {
    let msp = admin(&store).await.msp_id;
    append_n(&store, msp, 3).await;
    let k = key();
    let cp = checkpoint(&store, &k, msp, T0 + 10)
        .await
        .unwrap()
        .expect("a checkpoint");
    assert_eq!(cp.seq, 3);
    assert!(
        checkpoint(&store, &k, msp, T0 + 11)
            .await
            .unwrap()
            .is_none(),
        "nothing new"
    );
    append_n(&store, msp, 2).await;
    let report = verify(&store, &k, msp).await.unwrap();
    assert!(report.is_ok(), "{}", report.summary());
    assert_eq!(report.checkpoint, Some((3, T0 + 10)));

    // A rewrite after the checkpoint cannot be told from history: only the signature counts.
    rewrite_from(&store, msp, 3).await;
    let problem = verify(&store, &k, msp).await.unwrap().problem.unwrap();
    assert_eq!((problem.seq, problem.kind), (3, Break::CheckpointMismatch));
    // And a chain that fails is never signed over.
    assert!(checkpoint(&store, &k, msp, T0 + 12).await.is_err());

    // Truncating below the checkpoint and moving the head back is found too.
    exec(&store, "DELETE FROM activity WHERE seq >= 3").await;
    exec(&store, &format!("UPDATE activity_heads SET seq = 2, hash = (SELECT hash FROM activity WHERE seq = 2 AND msp_id = {msp}) WHERE msp_id = {msp}")).await;
    let problem = verify(&store, &k, msp).await.unwrap().problem.unwrap();
    assert_eq!((problem.seq, problem.kind), (3, Break::Truncated));

    // A checkpoint signed by another key is refused outright.
    let problem = verify(&store, &key(), msp).await.unwrap().problem.unwrap();
    assert_eq!(problem.kind, Break::CheckpointForged);
}

pub async fn rows_from_before_the_chain_are_chained_in_id_order(store: Store) {
    let msp = admin(&store).await.msp_id;
    // What an older replica (or the log before migration 0012) wrote: no chain columns.
    for i in 0..3 {
        exec(
            &store,
            &format!(
                "INSERT INTO activity (msp_id, at, kind, summary, outcome, detail) \
             VALUES ({msp}, {}, 'ticket.event', 'legacy {i}', 'woke', '{{\"n\": {i}}}')",
                T0 - 10 + i
            ),
        )
        .await;
    }
    assert_eq!(store.count_unchained_activity(msp).await.unwrap(), 3);
    let report = verify(&store, &key(), msp).await.unwrap();
    assert_eq!((report.through, report.unchained), (0, 3));
    append_n(&store, msp, 1).await;
    assert_eq!(store.count_unchained_activity(msp).await.unwrap(), 0);
    let rows = store.activity_chain_page(msp, 0, 10).await.unwrap();
    let order: Vec<(Option<i64>, &str)> =
        rows.iter().map(|r| (r.seq, r.summary.as_str())).collect();
    assert_eq!(
        order,
        [
            (Some(1), "legacy 0"),
            (Some(2), "legacy 1"),
            (Some(3), "legacy 2"),
            (Some(4), "autotask:autotask-get-ticket ran")
        ]
    );
    assert!(verify(&store, &key(), msp).await.unwrap().is_ok());
}

pub async fn filters_and_exports_stay_in_the_msp(store: Store) {
    let msp = admin(&store).await.msp_id;
    let other = second_msp(&store).await;
    append_n(&store, msp, 4).await;
    store
        .append_activity(tool_call(
            msp,
            T0 + 9,
            "autotask:autotask-api-get",
            "refused",
        ))
        .await
        .unwrap();
    append_n(&store, other, 3).await;
    let client = ClientId(999);
    let mut note = tool_call(msp, T0 + 10, "autotask:autotask-api-get", "ran");
    note.client_id = Some(client);
    store.append_activity(note).await.unwrap();

    let by = |tool: Option<&str>, outcome: Option<&str>, client_id| ActivityFilter {
        client_id,
        tool: tool.map(str::to_owned),
        outcome: outcome.map(str::to_owned),
    };
    let count = |f: ActivityFilter| {
        let store = store.clone();
        async move {
            store
                .list_activity_filtered(msp, &f, 50, 0)
                .await
                .unwrap()
                .1
        }
    };
    assert_eq!(count(by(None, None, None)).await, 6);
    assert_eq!(
        count(by(Some("autotask:autotask-api-get"), None, None)).await,
        2
    );
    assert_eq!(
        count(by(Some("autotask:autotask-api-get"), Some("refused"), None)).await,
        1
    );
    assert_eq!(count(by(None, Some("refused"), None)).await, 3);
    assert_eq!(count(by(None, None, Some(client))).await, 1);

    let export = store
        .export_activity_page(msp, &by(None, Some("ran"), None), 0, 100)
        .await
        .unwrap();
    assert_eq!(export.len(), 3);
    assert!(export
        .iter()
        .all(|r| r.entry.msp_id == msp.get() && r.entry.outcome == "ran"));
    let paged = store
        .export_activity_page(msp, &by(None, None, None), export[0].entry.id, 2)
        .await
        .unwrap();
    assert_eq!(paged.len(), 2);
    assert!(paged[0].entry.id > export[0].entry.id);

    let (tools, outcomes) = store.activity_facets(msp).await.unwrap();
    assert_eq!(
        tools,
        ["autotask:autotask-api-get", "autotask:autotask-get-ticket"]
    );
    assert_eq!(outcomes, ["ran", "refused"]);
    assert!(store
        .activity_head(MspId(other.get() + 1))
        .await
        .unwrap()
        .is_none());
}

pub async fn checkpoints_fall_due_by_count_or_age(store: Store) {
    let msp = admin(&store).await.msp_id;
    let due = |min_new: i64, stale_before: i64| {
        let store = store.clone();
        async move {
            store
                .activity_heads_due(min_new, stale_before)
                .await
                .unwrap()
                .iter()
                .map(|h| (h.msp_id, h.seq))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(due(1, T0).await, [], "no chain, nothing due");
    append_n(&store, msp, 3).await;
    assert_eq!(due(2, -1).await, [(msp.get(), 3)], "enough new entries");
    assert_eq!(due(5, -1).await, [], "too few and no age given");
    assert_eq!(
        due(5, 0).await,
        [(msp.get(), 3)],
        "never checkpointed counts as old"
    );
    let k = key();
    checkpoint(&store, &k, msp, T0 + 10).await.unwrap().unwrap();
    assert_eq!(
        due(1, T0 + 100).await,
        [],
        "nothing new since the checkpoint"
    );
    append_n(&store, msp, 1).await;
    assert_eq!(due(1, 0).await, [(msp.get(), 4)]);
    assert_eq!(due(5, T0 + 9).await, [], "the checkpoint is recent");
    assert_eq!(
        due(5, T0 + 10).await,
        [(msp.get(), 4)],
        "the checkpoint is old"
    );
    let next = checkpoint(&store, &k, msp, T0 + 20).await.unwrap().unwrap();
    assert_eq!(next.seq, 4, "signed from the last checkpoint on");
    assert_eq!(
        store
            .latest_activity_checkpoint(msp)
            .await
            .unwrap()
            .map(|c| c.seq),
        Some(4)
    );
}

pub async fn start_up_chains_rows_from_before_the_chain(store: Store) {
    let msp = admin(&store).await.msp_id;
    for i in 0..2 {
        exec(
            &store,
            &format!(
                "INSERT INTO activity (msp_id, at, kind, summary, outcome, detail) \
             VALUES ({msp}, {}, 'ticket.event', 'legacy {i}', 'woke', '{{}}')",
                T0 + i
            ),
        )
        .await;
    }
    assert_eq!(store.msps_with_unchained_activity().await.unwrap(), [msp]);
    assert_eq!(store.chain_unchained_activity(msp, T0).await.unwrap(), 2);
    assert_eq!(store.msps_with_unchained_activity().await.unwrap(), []);
    assert_eq!(
        store.chain_unchained_activity(msp, T0).await.unwrap(),
        0,
        "once only"
    );
    let report = verify(&store, &key(), msp).await.unwrap();
    assert_eq!(
        (report.through, report.unchained, report.is_ok()),
        (2, 0, true)
    );
}
