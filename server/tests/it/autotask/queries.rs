//! Every filter operator through the builder, checked against the same records filtered locally;
//! IncludeFields, counts and get-by-id (`item: null` and 404 both mean "not found").

use app::ids::ContactId;
use std::collections::BTreeSet;

use relay_sim::Person;
use serde_json::json;
use server::autotask::{Company, Filter, Query, Ticket, TicketNote};

use super::env;

/// A filter and the local predicate it must agree with.
type Case<T> = (Filter, Box<dyn Fn(&T) -> bool>);

fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> BTreeSet<i64> {
    items.iter().map(id).collect()
}

#[tokio::test]
async fn every_operator_matches_local_filtering() {
    let env = env().await;
    let t = &env.tenant;
    let companies: Vec<Company> = t.query_all(&Query::new()).await.unwrap();
    assert_eq!(companies.len(), relay_sim::seed_company_count());
    let tickets: Vec<Ticket> = t.query_all(&Query::new()).await.unwrap();
    let name = |c: &Company| c.company_name.clone().unwrap_or_default();

    let company_cases: Vec<Case<Company>> = vec![
        (
            Filter::eq("companyType", 1),
            Box::new(|c| c.company_type == Some(1)),
        ),
        (
            Filter::noteq("companyType", 1),
            Box::new(|c| c.company_type != Some(1)),
        ),
        (Filter::gt("id", 829), Box::new(|c| c.id.get() > 829)),
        (Filter::gte("id", 829), Box::new(|c| c.id.get() >= 829)),
        (Filter::lt("id", 829), Box::new(|c| c.id.get() < 829)),
        (Filter::lte("id", 829), Box::new(|c| c.id.get() <= 829)),
        (
            Filter::begins_with("companyName", "Wo"),
            Box::new(move |c| name(c).starts_with("Wo")),
        ),
        (
            Filter::ends_with("companyName", "Inc"),
            Box::new(move |c| name(c).ends_with("Inc")),
        ),
        (
            Filter::contains("companyName", "ware"),
            Box::new(move |c| name(c).contains("ware")),
        ),
        (
            Filter::is_in("companyType", [1, 3, 7]),
            Box::new(|c| matches!(c.company_type, Some(1 | 3 | 7))),
        ),
        (
            Filter::not_in("companyType", [1, 3, 7]),
            Box::new(|c| !matches!(c.company_type, Some(1 | 3 | 7))),
        ),
        (
            Filter::eq("isActive", false),
            Box::new(|c| c.is_active == Some(false)),
        ),
        (
            Filter::or([
                Filter::eq("companyType", 7),
                Filter::and([Filter::eq("companyType", 1), Filter::eq("isActive", false)]),
            ]),
            Box::new(|c| {
                c.company_type == Some(7)
                    || (c.company_type == Some(1) && c.is_active == Some(false))
            }),
        ),
    ];
    for (filter, keep) in company_cases {
        let expected: BTreeSet<i64> = companies
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.id.get())
            .collect();
        assert!(!expected.is_empty(), "{filter:?} should select something");
        let got: Vec<Company> = t
            .query_all(&Query::new().filter(filter.clone()))
            .await
            .unwrap();
        assert_eq!(ids(&got, |c| c.id.get()), expected, "{filter:?}");
    }

    let pivot = tickets[tickets.len() / 2]
        .last_activity_date
        .clone()
        .unwrap();
    let ticket_cases: Vec<Case<Ticket>> = vec![
        (
            Filter::exist("assignedResourceID"),
            Box::new(|t| t.assigned_resource_id.is_some()),
        ),
        (
            Filter::not_exist("assignedResourceID"),
            Box::new(|t| t.assigned_resource_id.is_none()),
        ),
        (
            Filter::gte("lastActivityDate", pivot.as_str()),
            Box::new(move |t| t.last_activity_date.as_deref() >= Some(pivot.as_str())),
        ),
        (
            Filter::eq("Escalation Tier", "Tier 2").udf(),
            Box::new(|t| {
                t.user_defined_fields
                    .iter()
                    .any(|u| u.name == "Escalation Tier" && u.value == json!("Tier 2"))
            }),
        ),
    ];
    for (filter, keep) in ticket_cases {
        let expected: BTreeSet<i64> = tickets
            .iter()
            .filter(|t| keep(t))
            .map(|t| t.id.get())
            .collect();
        assert!(!expected.is_empty(), "{filter:?} should select something");
        let got: Vec<Ticket> = t
            .query_all(&Query::new().filter(filter.clone()))
            .await
            .unwrap();
        assert_eq!(ids(&got, |t| t.id.get()), expected, "{filter:?}");
    }
}

#[tokio::test]
async fn include_fields_trims_records_but_keeps_id() {
    let env = env().await;
    let query = Query::new()
        .filter(Filter::eq("id", 612))
        .include_fields(["companyName"]);
    let page = env.tenant.query_page::<Company>(&query).await.unwrap();
    let company = &page.items[0];
    assert_eq!(company.id.get(), 612);
    assert_eq!(
        company.company_name.as_deref(),
        Some("Contoso Dental Group")
    );
    assert_eq!(company.company_type, None);
    assert!(page.is_last());
}

#[tokio::test]
async fn count_matches_the_query() {
    let env = env().await;
    let customers = Query::new().filter(Filter::eq("companyType", 1));
    let listed = env
        .tenant
        .query_all::<Company>(&customers)
        .await
        .unwrap()
        .len() as u64;
    assert_eq!(
        env.tenant.count::<Company>(&customers).await.unwrap(),
        listed
    );
    let all = env.tenant.count::<Company>(&Query::new()).await.unwrap();
    assert_eq!(all, relay_sim::seed_company_count() as u64);
}

#[tokio::test]
async fn get_by_id_and_both_not_found_shapes() {
    let env = env().await;
    let ticket = env.tenant.get::<Ticket>(41207).await.unwrap().unwrap();
    assert_eq!(
        ticket.title.as_deref(),
        Some("Outlook keeps prompting for password")
    );
    assert!(
        env.tenant
            .get::<Ticket>(999_999_999)
            .await
            .unwrap()
            .is_none(),
        "item: null"
    );
    env.sim.set_faults(relay_sim::Faults {
        missing_item_404: true,
        ..Default::default()
    });
    assert!(
        env.tenant
            .get::<TicketNote>(999_999_999)
            .await
            .unwrap()
            .is_none(),
        "404"
    );
    // A note written by a contact through the simulator reads back with its author.
    env.sim.clear_faults();
    let note_id = env
        .sim
        .create_note(
            41207,
            json!({"description": "It happened again", "publish": 1}),
            Person::Contact(30684012),
        )
        .unwrap();
    let note = env
        .tenant
        .get::<TicketNote>(note_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(note.created_by_contact_id, Some(ContactId(30684012)));
}
