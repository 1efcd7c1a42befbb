//! The demo console against a running simulator: acting as a client's contact and as a
//! technician lands in the tenant as Autotask would record it, and nothing reaches companies
//! that are not the MSP's clients.

use crate::store::queries::TestQueries;
use app::demo_wire::DemoActor;
use app::error::ErrorCode;
use app::service::DemoService;
use app::wire::CurrentUser;
use relay_sim::SimConfig;
use serde_json::Value;
use server::demo_console::DemoConsole;
use server::store::{self, NewClient, NewMspAdmin, Store};

const T0: i64 = 1_750_000_000_000;

async fn admin(store: &Store, email: &str) -> CurrentUser {
    let user = store
        .create_msp_with_admin(NewMspAdmin {
            msp_name: "Northwind IT".into(),
            name: "Ada Admin".into(),
            email: email.into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            now: T0,
        })
        .await
        .unwrap();
    CurrentUser {
        user_id: user.id,
        msp_id: user.msp_id,
        msp_name: "Northwind IT".into(),
        name: user.name,
        email: user.email,
    }
}

fn int(v: &Value, field: &str) -> Option<i64> {
    v.get(field).and_then(Value::as_i64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_acts_inside_the_tenant_for_the_msps_clients_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::connect(&format!(
        "sqlite://{}",
        dir.path().join("relay.db").display()
    ))
    .await
    .unwrap();
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let contacts = sim.records("Contacts");
    let contact = contacts
        .iter()
        .find(|c| int(c, "companyID").is_some())
        .expect("a contact");
    let (contact_id, company) = (
        int(contact, "id").unwrap(),
        int(contact, "companyID").unwrap(),
    );
    let stranger = contacts
        .iter()
        .find(|c| int(c, "companyID").is_some_and(|other| other != company))
        .map(|c| int(c, "id").unwrap())
        .expect("a contact of another company");
    let ada = admin(&store, "ada@northwind.example").await;
    let client = NewClient {
        msp_id: ada.msp_id,
        name: "Contoso Dental".into(),
        autotask_id: company.to_string(),
        now: T0,
    };
    store.upsert_autotask_client(client).await.unwrap();
    let console = DemoConsole::new(sim.clone(), store.clone());

    let view = console.console(&ada, None).await.unwrap();
    assert_eq!(view.clients.len(), 1, "only the MSP's client");
    assert_eq!(view.clients[0].name, "Contoso Dental");
    assert!(view.clients[0].contacts.iter().any(|c| c.id == contact_id));
    assert!(!view.technicians.is_empty());
    assert!(
        view.technicians
            .iter()
            .all(|t| t.id != sim.api_user_resource_id()),
        "Relay's API user is no technician"
    );

    let ticket = console
        .raise_ticket(
            &ada,
            contact_id,
            "Printer on floor 2 offline".into(),
            "Nobody can print".into(),
        )
        .await
        .unwrap();
    let raised = sim.record("Tickets", ticket).unwrap();
    assert_eq!(int(&raised, "contactID"), Some(contact_id));
    assert_eq!(int(&raised, "companyID"), Some(company));
    assert_eq!(raised["title"], "Printer on floor 2 offline");

    console
        .reply(
            &ada,
            ticket,
            DemoActor::Contact(contact_id),
            "It still shows an error".into(),
        )
        .await
        .unwrap();
    let tech = view.technicians[0].clone();
    console
        .reply(
            &ada,
            ticket,
            DemoActor::Technician(tech.id),
            "Checked the spooler".into(),
        )
        .await
        .unwrap();
    console.reassign(&ada, ticket, tech.id).await.unwrap();
    assert_eq!(
        int(
            &sim.record("Tickets", ticket).unwrap(),
            "assignedResourceID"
        ),
        Some(tech.id)
    );

    let view = console.console(&ada, Some(ticket)).await.unwrap();
    assert_eq!(view.tickets[0].id, ticket, "newest first");
    let detail = view.selected.expect("the selected ticket");
    assert_eq!(detail.ticket.title, "Printer on floor 2 offline");
    assert_eq!(detail.ticket.assigned.as_deref(), Some(tech.name.as_str()));
    assert_eq!(detail.contact.map(|c| c.id), Some(contact_id));
    let notes: Vec<_> = detail
        .notes
        .iter()
        .map(|n| (n.text.as_str(), n.visibility.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("Checked the spooler", "Internal"),
            ("It still shows an error", "All Autotask users")
        ]
    );
    assert!(detail.notes[0].author.ends_with("(technician)"));
    assert!(detail.notes[1].author.ends_with("(contact)"));

    // Someone else's company: refused, and its tickets are not readable.
    let err = console
        .raise_ticket(&ada, stranger, "Hello".into(), String::new())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let theirs = sim
        .create_ticket(
            serde_json::json!({"title": "Other MSP"}),
            relay_sim::Person::Contact(stranger),
        )
        .unwrap();
    assert_eq!(
        console.console(&ada, Some(theirs)).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        console
            .reply(&ada, theirs, DemoActor::Contact(stranger), "x".into())
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    // Another MSP without clients sees nothing of this one.
    let other: i64 = server::db_write!(&store, pool => {
        sqlx::query_scalar("INSERT INTO msps (name, created_at) VALUES ('Contoso MSP', $1) RETURNING id")
            .bind(T0)
            .fetch_one(pool)
            .await
            .unwrap()
    });
    let bob = CurrentUser {
        msp_id: app::ids::MspId(other),
        ..ada.clone()
    };
    let err = console.console(&bob, Some(ticket)).await;
    assert!(err.is_err() || err.unwrap().clients.is_empty());
    assert!(console
        .console(&bob, None)
        .await
        .unwrap()
        .tickets
        .is_empty());
    // An empty title is refused before anything is written.
    assert_eq!(
        console
            .raise_ticket(&ada, contact_id, "  ".into(), String::new())
            .await
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
}
