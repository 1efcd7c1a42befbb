//! The Activity page names a ticket as a technician does: number, title, company and contact,
//! with the number linking to the ticket in Autotask, under a kind in words.

use super::harness::{piped, quick_config, ALICIA, CONTOSO};
use app::ids::UserId;
use app::wire::CurrentUser;
use relay_sim::Person;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activity_rows_name_the_ticket_and_link_to_autotask() {
    let p = piped(quick_config()).await;
    let ticket = p.new_ticket(CONTOSO, "VPN drops every 10 minutes");
    p.settle(1).await;
    p.sim
        .create_note(
            ticket,
            json!({ "description": "Still dropping." }),
            Person::Contact(ALICIA),
        )
        .unwrap();
    p.settle(2).await;

    let user = CurrentUser {
        user_id: UserId::from(1),
        msp_id: p.msp,
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: "ada@northwind.example".into(),
    };
    let page = p
        .app
        .state
        .services
        .activity
        .activity(&user, None, 1)
        .await
        .unwrap();
    let [note, wake] = &page.rows[..2] else {
        panic!("two rows: {:?}", page.rows)
    };
    let link = format!(
        "{}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={ticket}",
        p.sim.base_url().trim_end_matches('/')
    );
    for row in [note, wake] {
        assert_eq!(row.kind_label, "Autotask ticket");
        let t = row.ticket.as_ref().expect("the row names its ticket");
        assert!(t.label.starts_with('T') && t.label.contains('.'), "{t:?}");
        assert_eq!(t.url.as_deref(), Some(link.as_str()));
        assert!(
            !row.summary.contains(&format!("#{ticket}")),
            "{}",
            row.summary
        );
        assert!(!row.summary.contains("ticket.event"));
    }
    let number = &wake.ticket.as_ref().unwrap().label;
    assert_eq!(
        wake.summary,
        format!(
            "New ticket {number} “VPN drops every 10 minutes” (Contoso Dental Group, Alicia Park): \
             the agent was woken to work on it"
        )
    );
    assert!(
        note.summary
            .starts_with(&format!("New note on ticket {number} “VPN drops")),
        "{}",
        note.summary
    );
    assert!(note
        .summary
        .ends_with("passed to the agent already working on it"));
}
