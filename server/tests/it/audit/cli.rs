//! `server audit verify` on a SQLite file: OK through the last seq, then the seq of a row
//! altered directly in the database file.

use super::{tamper, tool_call};
use server::activity::checkpoint::checkpoint;
use server::crypto::{AuditKey, MasterKey};
use server::store::{self, NewMspAdmin};
use std::process::Command;

fn verify_cli(data: &std::path::Path, db: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["audit", "verify"])
        .env("RELAY_DATA_DIR", data)
        .env("RELAY_DATABASE_URL", db)
        .env("RELAY_LOG_LEVEL", "warn")
        .output()
        .expect("run the server binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn audit_verify_reports_ok_then_the_altered_seq() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("relay.db").display());
    let store = store::connect(&db).await.unwrap();
    let msp = store
        .create_msp_with_admin(NewMspAdmin {
            msp_name: "Harbour IT".into(),
            name: "Ada Admin".into(),
            email: "ada@harbour-it.example".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            now: 1,
        })
        .await
        .unwrap()
        .msp_id;
    for i in 0..3 {
        let entry = tool_call(
            msp,
            1_750_000_000_000 + i,
            "autotask:autotask-get-ticket",
            "ran",
            &format!("read {i}"),
        );
        store.append_activity(entry).await.unwrap();
    }
    // The binary derives the same key from the data directory's master key file.
    let key = AuditKey::derive(&MasterKey::load_or_create(None, dir.path()).unwrap());
    checkpoint(&store, &key, msp, 1_750_000_001_000)
        .await
        .unwrap()
        .expect("signed");

    let (ok, text) = verify_cli(dir.path(), &db);
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("MSP {msp}: OK through seq 3 (checkpoint at seq 3")),
        "{text}"
    );

    tamper(
        &store,
        "UPDATE activity SET outcome = 'refused' WHERE seq = 2",
    )
    .await;
    let (ok, text) = verify_cli(dir.path(), &db);
    assert!(!ok, "a broken chain exits non-zero: {text}");
    assert!(text.contains("BROKEN at seq 2"), "{text}");
    assert!(text.contains("was altered"), "{text}");

    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["audit", "frobnicate"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown audit command is a usage error"
    );
}
