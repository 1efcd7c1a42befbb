//! Query results page by page: the first page is `POST /{Entity}/query`, every later page is
//! the absolute `nextPageUrl` re-POSTed with the same body, only on the zone host in use.

use std::marker::PhantomData;

use futures::Stream;
use reqwest::Method;
use serde::Deserialize;
use url::Url;

use super::client::TenantClient;
use super::entities::Entity;
use super::errors::AutotaskError;
use super::http::{ApiRequest, Target};
use super::query::Query;
use super::reads::decode;

/// `pageDetails` as Autotask sends it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageDetails {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub request_count: u64,
    pub prev_page_url: Option<String>,
    pub next_page_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryEnvelope<T> {
    items: Vec<T>,
    #[serde(default)]
    page_details: PageDetails,
}

/// One page of results plus progress so far, so an importer can report per page.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub details: PageDetails,
    /// 1-based page number.
    pub number: usize,
    /// Records received so far, this page included.
    pub fetched: usize,
}

impl<T> Page<T> {
    pub fn is_last(&self) -> bool {
        self.details.next_page_url.is_none()
    }
}

enum Next {
    First,
    Url(Url),
    Done,
}

/// Pull-style iteration: `while let Some(page) = cursor.next_page().await? { … }`.
pub struct PageCursor<E> {
    tenant: TenantClient,
    body: serde_json::Value,
    next: Next,
    pages: usize,
    fetched: usize,
    _entity: PhantomData<fn() -> E>,
}

impl<E: Entity> PageCursor<E> {
    pub(crate) fn new(tenant: TenantClient, query: &Query) -> Result<Self, AutotaskError> {
        Ok(Self {
            tenant,
            body: query.to_body()?,
            next: Next::First,
            pages: 0,
            fetched: 0,
            _entity: PhantomData,
        })
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Page<E>>, AutotaskError> {
        let target = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::First => Target::Relative(format!("{}/query", E::PATH)),
            Next::Url(url) => Target::Absolute(url),
        };
        let previous = match &target {
            Target::Absolute(url) => Some(url.clone()),
            Target::Relative(_) => None,
        };
        let mut request = ApiRequest::new(Method::POST, E::PATH, String::new()).json(&self.body);
        request.target = target;
        let response = self.tenant.send(&request).await?;
        let envelope: QueryEnvelope<E> = decode(E::PATH, &response.body)?;
        if let Some(raw) = envelope.page_details.next_page_url.as_deref() {
            // Joining also accepts a relative URL; the origin check happens when it is sent.
            let url = response
                .url
                .join(raw)
                .map_err(|_| AutotaskError::UnsafeNextPage {
                    url: raw.to_owned(),
                })?;
            if previous.as_ref() == Some(&url) {
                return Err(AutotaskError::Decode("nextPageUrl did not advance".into()));
            }
            self.next = Next::Url(url);
        }
        self.pages += 1;
        self.fetched += envelope.items.len();
        Ok(Some(Page {
            items: envelope.items,
            details: envelope.page_details,
            number: self.pages,
            fetched: self.fetched,
        }))
    }
}

impl TenantClient {
    /// A cursor over every page of the query.
    pub fn query_pages<E: Entity>(&self, query: &Query) -> Result<PageCursor<E>, AutotaskError> {
        PageCursor::new(self.clone(), query)
    }

    /// The first page only (MaxRecords rows at most).
    pub async fn query_page<E: Entity>(&self, query: &Query) -> Result<Page<E>, AutotaskError> {
        let mut cursor = self.query_pages::<E>(query)?;
        cursor
            .next_page()
            .await?
            .ok_or_else(|| AutotaskError::Decode("query returned no page".into()))
    }

    /// The same pages as a `Stream`.
    pub fn query_stream<E: Entity>(
        &self,
        query: &Query,
    ) -> impl Stream<Item = Result<Page<E>, AutotaskError>> + Send {
        futures::stream::try_unfold(self.query_pages::<E>(query), |cursor| async move {
            let mut cursor = cursor?;
            Ok(cursor.next_page().await?.map(|page| (page, Ok(cursor))))
        })
    }

    /// Every matching record, calling `progress` after each page (page number, records so far).
    pub async fn query_all_with<E: Entity>(
        &self,
        query: &Query,
        mut progress: impl FnMut(&Page<E>) + Send,
    ) -> Result<Vec<E>, AutotaskError> {
        let mut cursor = self.query_pages::<E>(query)?;
        let mut all = Vec::new();
        while let Some(page) = cursor.next_page().await? {
            progress(&page);
            all.extend(page.items);
        }
        Ok(all)
    }

    /// Every matching record.
    pub async fn query_all<E: Entity>(&self, query: &Query) -> Result<Vec<E>, AutotaskError> {
        self.query_all_with(query, |_| {}).await
    }
}
