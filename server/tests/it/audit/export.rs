//! Exports and Verify through the real router: the signed-in MSP's rows only, the page's
//! filters, JSONL lines a third party can check with SHA-256 and Ed25519 alone.

use super::{tamper, tool_call};
use crate::support::test_app;
use crate::web::{body_text, get, send, setup_admin};
use app::ids::MspId;
use ring::signature::{UnparsedPublicKey, ED25519};
use server::activity::checkpoint::checkpoint;
use server::store::audit_chain::{from_hex32, to_hex};
use sha2::{Digest, Sha256};

async fn msp_ids(store: &server::store::Store) -> Vec<i64> {
    server::db_run!(store, pool => {
        sqlx::query_scalar("SELECT id FROM msps ORDER BY id").fetch_all(pool).await.unwrap()
    })
}

fn hex_bytes(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[tokio::test]
async fn exports_hold_the_msps_filtered_rows_and_verify_offline() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let store = app.state.store.clone();
    let msp = MspId(msp_ids(&store).await[0]);
    tamper(
        &store,
        "INSERT INTO msps (name, created_at) VALUES ('Other MSP', 0)",
    )
    .await;
    let other = MspId(msp_ids(&store).await[1]);
    let t0 = 1_750_000_000_000;
    store
        .append_activity(tool_call(
            msp,
            t0,
            "autotask:autotask-get-ticket",
            "ran",
            "=cmd|' /C calc'!A0",
        ))
        .await
        .unwrap();
    store
        .append_activity(tool_call(
            msp,
            t0 + 1,
            "autotask:autotask-api-get",
            "refused",
            "outside the zone, \"refused\"",
        ))
        .await
        .unwrap();
    store
        .append_activity(tool_call(
            msp,
            t0 + 2,
            "autotask:autotask-get-ticket",
            "ran",
            "second read",
        ))
        .await
        .unwrap();
    store
        .append_activity(tool_call(
            other,
            t0,
            "autotask:autotask-get-ticket",
            "ran",
            "another tenant",
        ))
        .await
        .unwrap();
    let key = app.state.cipher.audit_key().clone();
    checkpoint(&store, &key, msp, t0 + 5)
        .await
        .unwrap()
        .expect("signed");

    let res = send(
        &app.router,
        get(
            "/activity/export.csv?tool=autotask%3Aautotask-get-ticket",
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let csv = body_text(res).await;
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "header and two get-ticket rows: {csv}");
    assert!(lines[0].starts_with("seq,time_utc,"));
    assert!(
        lines[1].starts_with("1,") && lines[1].contains("'=cmd"),
        "formula defused: {}",
        lines[1]
    );
    assert!(!csv.contains("another tenant") && !csv.contains("outside the zone"));

    let res = send(&app.router, get("/activity/export.jsonl", Some(&cookie))).await;
    assert_eq!(res.status(), 200);
    let jsonl = body_text(res).await;
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "three rows and the checkpoint: {jsonl}");
    let mut prev = [0u8; 32];
    for (i, line) in lines[..3].iter().enumerate() {
        assert_eq!(line["seq"], (i + 1).to_string());
        assert_eq!(line["prev_hash"], to_hex(&prev));
        let payload = line["payload"].as_str().unwrap();
        let row = line["row"].as_str().unwrap();
        let payload_hash = to_hex(
            &Sha256::new()
                .chain_update(b"relay-audit-payload-v1\0")
                .chain_update(payload)
                .finalize(),
        );
        let row_json: serde_json::Value = serde_json::from_str(row).unwrap();
        assert_eq!(row_json["payload_sha256"], payload_hash);
        assert_eq!(row_json["msp_id"], msp.to_string());
        let hash = Sha256::new()
            .chain_update(b"relay-audit-v1\0")
            .chain_update(prev)
            .chain_update(row)
            .finalize();
        assert_eq!(line["hash"], to_hex(&hash));
        prev = from_hex32(&to_hex(&hash)).unwrap();
    }
    let cp = &lines[3]["checkpoint"];
    assert_eq!(
        (cp["seq"].as_str(), cp["hash"].as_str()),
        (Some("3"), Some(to_hex(&prev).as_str()))
    );
    let signed = cp["signed"].as_str().unwrap();
    UnparsedPublicKey::new(&ED25519, hex_bytes(cp["public_key"].as_str().unwrap()))
        .verify(
            signed.as_bytes(),
            &hex_bytes(cp["signature"].as_str().unwrap()),
        )
        .expect("the checkpoint verifies with its public key alone");
    assert_eq!(cp["public_key"], to_hex(key.public_key()));

    // Signed out: the sign-in page, not the data.
    let res = send(&app.router, get("/activity/export.jsonl", None)).await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn the_activity_page_verifies_and_names_the_broken_seq() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let store = app.state.store.clone();
    let msp = MspId(msp_ids(&store).await[0]);
    for i in 0..3 {
        store
            .append_activity(tool_call(
                msp,
                1_750_000_000_000 + i,
                "autotask:autotask-get-ticket",
                "ran",
                &format!("read {i}"),
            ))
            .await
            .unwrap();
    }
    let page = body_text(send(&app.router, get("/activity", Some(&cookie))).await).await;
    assert!(
        page.contains("3 entries chained, no signed checkpoint yet"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/activity/export.csv\""),
        "export links on the page"
    );
    let page =
        body_text(send(&app.router, get("/activity?verify=true", Some(&cookie))).await).await;
    assert!(page.contains("OK through seq 3"), "{page}");

    tamper(
        &store,
        "UPDATE activity SET summary = 'nothing to see' WHERE seq = 2",
    )
    .await;
    let page =
        body_text(send(&app.router, get("/activity?verify=true", Some(&cookie))).await).await;
    assert!(page.contains("BROKEN at seq 2"), "{page}");
}
