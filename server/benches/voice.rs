//! Voice agent benchmarks (plain `main`, run with `cargo bench -p server --bench voice`):
//! `find_contact` latency on the in-memory index at 100,000 contacts, and the whole
//! `tool-calls` response (router, secret, parse, call row, match, answer) on SQLite, p50/p99.
//! No Autotask call is involved in either, by design.

use app::ids::{IntegrationId, ResourceId};
use axum::body::Body;
use server::config::{Load, Settings};
use server::crypto::{Cipher, MasterKey};
use server::store::{
    NewIntegration, NewMspAdmin, SealedSecrets, VoiceCompanyRow, VoiceContactRow, VoiceDefaults,
};
use server::voice::matching::{phone, ContactIndex, Lookup};
use server::AppState;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const CONTACTS: usize = 100_000;
const PER_COMPANY: usize = 10;
const QUERIES: usize = 20_000;
const REQUESTS: usize = 2_000;

const FIRST: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Nancy",
    "Daniel",
    "Lisa",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenji",
    "Aisha",
    "Mohammed",
    "Priya",
    "Jürgen",
];
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Okafor",
    "Watanabe",
    "Müller",
    "O'Brien",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Kowalski",
    "Petrov",
    "Rossi",
];
const TRADES: &[&str] = &[
    "Dental",
    "Logistics",
    "Legal",
    "Toys",
    "Accounting",
    "Imports",
    "Bakery",
    "Airlines",
    "Insurance",
    "Winery",
    "Publishing",
    "Travel",
    "Clinic",
    "Builders",
    "Florist",
    "Motors",
];

fn rows() -> (Vec<VoiceCompanyRow>, Vec<VoiceContactRow>) {
    let companies = CONTACTS / PER_COMPANY;
    let mut company_rows = Vec::with_capacity(companies);
    let mut contact_rows = Vec::with_capacity(CONTACTS);
    for c in 0..companies {
        let id = 1_000 + c as i64;
        company_rows.push(VoiceCompanyRow {
            company_id: id,
            name: format!(
                "{} {} {}",
                LAST[c % LAST.len()],
                TRADES[c % TRADES.len()],
                c
            ),
            phones: phone::join([format!("555-{:03}-{:04}", c % 1000, c % 10_000).as_str()]),
            active: true,
        });
        for k in 0..PER_COMPANY {
            let n = c * PER_COMPANY + k;
            contact_rows.push(VoiceContactRow {
                contact_id: 3_000_000 + n as i64,
                company_id: id,
                first_name: FIRST[(n * 7 + c) % FIRST.len()].into(),
                last_name: LAST[(n * 13 + k) % LAST.len()].into(),
                email: String::new(),
                phones: phone::join([format!(
                    "+1 7{:02} {:03} {:04}",
                    n % 100,
                    (n / 100) % 1000,
                    n % 10_000
                )
                .as_str()]),
                active: true,
                last_modified: None,
            });
        }
    }
    (company_rows, contact_rows)
}

fn lookups(contacts: &[VoiceContactRow], companies: &[VoiceCompanyRow]) -> Vec<Lookup> {
    (0..QUERIES)
        .map(|q| {
            let c = &contacts[(q * 7919) % contacts.len()];
            let company = &companies[((c.company_id - 1_000) as usize) % companies.len()];
            // A spoken name with a typo: the last letter of the last name dropped.
            let misheard = format!("{} {}", c.first_name, &c.last_name[..c.last_name.len() - 1]);
            match q % 4 {
                0 => Lookup {
                    name: Some(misheard),
                    company: Some(company.name.clone()),
                    phone: None,
                },
                1 => Lookup {
                    name: Some(misheard),
                    company: None,
                    phone: None,
                },
                2 => Lookup {
                    name: None,
                    company: None,
                    phone: Some(c.phones.clone()),
                },
                _ => Lookup {
                    name: Some(c.first_name.clone()),
                    company: None,
                    phone: Some(company.phones.clone()),
                },
            }
        })
        .collect()
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    (at(0.5), at(0.99), *samples.last().unwrap())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (companies, contacts) = rows();
    let started = Instant::now();
    let index = ContactIndex::build(companies.clone(), contacts.clone());
    println!(
        "index of {} contacts built in {:?}",
        index.len(),
        started.elapsed()
    );
    let queries = lookups(&contacts, &companies);
    let mut samples = Vec::with_capacity(queries.len());
    let mut answered = 0;
    for lookup in &queries {
        let t = Instant::now();
        let found = index.find(lookup);
        samples.push(t.elapsed());
        answered += usize::from(!found.is_empty());
    }
    let (p50, p99, max) = percentiles(samples);
    println!("find_contact at {CONTACTS} contacts, {QUERIES} queries ({answered} answered): p50 {p50:?}, p99 {p99:?}, max {max:?}");

    // The whole tool-calls response through the router on SQLite.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_LOG_LEVEL" => Some("error".into()),
        _ => None,
    };
    let Ok(Load::Run(settings)) = Settings::load(Vec::<String>::new(), env) else {
        panic!("settings")
    };
    let store = server::store::connect(&settings.database_url)
        .await
        .unwrap();
    let cipher = Cipher::new(&MasterKey::generate());
    let leptos = server::web::leptos_options(settings.bind);
    let state = AppState::new(settings, store.clone(), cipher.clone(), leptos);
    let admin = NewMspAdmin {
        msp_name: "Bench IT".into(),
        name: "Ada".into(),
        email: "ada@bench.example".into(),
        password_hash: "not-a-real-hash".into(),
        now: 1,
    };
    let msp = store.create_msp_with_admin(admin).await.unwrap().msp_id;
    let seal = move |id: IntegrationId| SealedSecrets {
        secret_enc: cipher.encrypt_str(
            "fake-bench-api-secret",
            format!("integration:{id}:secret").as_bytes(),
        ),
        webhook_secret_enc: cipher.encrypt_str(
            "fake-bench-token",
            format!("integration:{id}:webhook").as_bytes(),
        ),
        webhook_hmac_key_enc: cipher.encrypt_str(
            "fake-bench-hmac",
            format!("integration:{id}:hmac").as_bytes(),
        ),
    };
    let new = NewIntegration {
        msp_id: msp,
        username: "relay-api@bench.example".into(),
        tracking_id: "FAKEBENCHTRACKING0001".into(),
        zone_url: "https://webservices.invalid/ATServicesRest/".into(),
        web_url: "https://ww.invalid/".into(),
        api_user_resource_id: ResourceId(1),
        now: 1,
    };
    let record = store.create_integration(new, &seal).await.unwrap();
    let secret = state.voice.rotate_secret(&record).await.unwrap();
    let on = VoiceDefaults {
        enabled: true,
        ..VoiceDefaults::default()
    };
    state.voice.save_defaults(&record, &on).await.unwrap();
    let loading = Instant::now();
    store
        .upsert_voice_companies(record.id, &companies)
        .await
        .unwrap();
    for chunk in contacts.chunks(5_000) {
        store.upsert_voice_contacts(record.id, chunk).await.unwrap();
    }
    state.voice.reload_index(record.id).await.unwrap();
    println!(
        "stored and loaded {CONTACTS} contacts in {:?}",
        loading.elapsed()
    );
    let router = server::router(state.clone());
    let uri = format!("/hooks/voice/{}", record.id);
    let mut samples = Vec::with_capacity(REQUESTS);
    for r in 0..REQUESTS {
        let lookup = &queries[r % queries.len()];
        let body = serde_json::json!({"message": {"type": "tool-calls",
            "call": {"id": format!("bench-call-{}", r / 4), "customer": {"number": lookup.phone}},
            "toolCallList": [{"id": format!("tc-{r}"), "type": "function", "function": {"name": "find_contact",
                "arguments": {"name": lookup.name, "company": lookup.company}}}]}});
        let request = http::Request::post(&uri)
            .header("content-type", "application/json")
            .header("x-vapi-secret", &secret)
            .body(Body::from(body.to_string()))
            .unwrap();
        let t = Instant::now();
        let response = router.clone().oneshot(request).await.unwrap();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        samples.push(t.elapsed());
        assert!(
            bytes.starts_with(b"{\"results\""),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let (p50, p99, max) = percentiles(samples);
    println!("tool-calls response (find_contact, SQLite, {REQUESTS} requests): p50 {p50:?}, p99 {p99:?}, max {max:?}");
}
