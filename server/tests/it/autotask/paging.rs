//! Paging: `nextPageUrl` re-POSTed with the same body across several pages, progress per page,
//! the stream form, and refusing a `nextPageUrl` on another host.

use futures::TryStreamExt;
use relay_sim::SimConfig;
use server::autotask::{AutotaskError, Company, Query, ZoneInformation};

use super::{env, env_with};

#[tokio::test]
async fn lists_across_pages_of_500_with_progress() {
    let env = env_with(
        SimConfig {
            companies: 1_100,
            contacts_per_company: 0,
            ..Default::default()
        },
        |_| {},
    )
    .await;
    let total = 1_100 + relay_sim::seed_company_count();
    let mut progress = Vec::new();
    let companies: Vec<Company> = env
        .tenant
        .query_all_with(&Query::new(), |page| {
            progress.push((page.number, page.items.len(), page.fetched))
        })
        .await
        .unwrap();
    assert_eq!(companies.len(), total);
    assert_eq!(
        progress,
        vec![(1, 500, 500), (2, 500, 1000), (3, total - 1000, total)]
    );
    assert!(
        companies.windows(2).all(|w| w[0].id < w[1].id),
        "ordered by id, no repeats"
    );
    assert_eq!(env.sim.request_count(), 3, "one request per page");
    assert_eq!(env.tenant.requests_last_hour(), 3);
}

#[tokio::test]
async fn small_pages_through_the_stream_and_cursor() {
    let env = env().await;
    let query = Query::new().max_records(4);
    let pages: Vec<_> = env
        .tenant
        .query_stream::<Company>(&query)
        .try_collect()
        .await
        .unwrap();
    let seed = relay_sim::seed_company_count();
    assert_eq!(pages.len(), seed.div_ceil(4));
    assert!(pages.iter().all(|p| p.details.request_count == 4));
    assert!(pages.last().unwrap().is_last());
    assert_eq!(pages.iter().map(|p| p.items.len()).sum::<usize>(), seed);

    let mut cursor = env.tenant.query_pages::<Company>(&query).unwrap();
    let first = cursor.next_page().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 4);
    assert!(first
        .details
        .next_page_url
        .as_deref()
        .unwrap()
        .contains("/query/next?paging="));
    let mut seen = first.items.len();
    while let Some(page) = cursor.next_page().await.unwrap() {
        seen += page.items.len();
    }
    assert_eq!(seen, seed);
    assert!(
        cursor.next_page().await.unwrap().is_none(),
        "stays finished"
    );
}

#[tokio::test]
async fn next_page_on_another_host_is_refused_without_sending() {
    let env = env().await;
    // Talk to the simulator as "localhost"; it answers with nextPageUrls on 127.0.0.1, which is
    // a different host as far as the credential-leak check is concerned.
    let port = env.sim.addr().port();
    env.client
        .remember_zone(
            &env.tenant.credentials().username,
            ZoneInformation {
                zone_name: "alias".into(),
                url: format!("http://localhost:{port}/ATServicesRest/"),
                web_url: String::new(),
                ci: 1,
            },
        )
        .await
        .unwrap();
    let mut cursor = env
        .tenant
        .query_pages::<Company>(&Query::new().max_records(2))
        .unwrap();
    cursor.next_page().await.unwrap().unwrap();
    let err = cursor.next_page().await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::UnsafeNextPage { ref url } if url.contains("127.0.0.1")),
        "{err:?}"
    );
    assert_eq!(
        env.sim.request_count(),
        1,
        "the foreign URL was never requested"
    );
}
