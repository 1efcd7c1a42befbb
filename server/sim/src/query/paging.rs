//! Paging state behind `nextPageUrl` / `prevPageUrl`: tokens are URL-encoded JSON naming a stored
//! query and the id to continue after; the query remembers whether it came by POST or GET.

use super::QuerySpec;
use crate::schema::Entity;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// How many queries keep their paging state; older `nextPageUrl`s expire, as on the real API.
const KEEP: usize = 2_000;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PageToken {
    pub page_size: usize,
    pub last_id: i64,
    pub page: usize,
    pub query_id: u64,
    pub get: bool,
}

impl PageToken {
    pub fn encode(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        utf8_percent_encode(&json, NON_ALPHANUMERIC).to_string()
    }

    /// Takes the already-decoded `paging` parameter.
    pub fn decode(raw: &str) -> Option<PageToken> {
        serde_json::from_str(raw).ok()
    }
}

#[derive(Clone, Debug)]
pub struct StoredQuery {
    pub entity: Entity,
    pub spec: QuerySpec,
    pub via_get: bool,
    /// The `search` text of a GET query, appended to its page URLs.
    pub search: Option<String>,
    /// `after id` at which each served page started, for `prevPageUrl`.
    pub starts: Vec<i64>,
}

#[derive(Default)]
pub struct PageStore {
    next_id: u64,
    queries: HashMap<u64, StoredQuery>,
    order: VecDeque<u64>,
}

impl PageStore {
    pub fn store(&mut self, q: StoredQuery) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.queries.insert(id, q);
        self.order.push_back(id);
        while self.order.len() > KEEP {
            if let Some(old) = self.order.pop_front() {
                self.queries.remove(&old);
            }
        }
        id
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut StoredQuery> {
        self.queries.get_mut(&id)
    }

    /// Re-registers a query under a known id (used when an expired token is re-POSTed with its body).
    pub fn restore(&mut self, id: u64, q: StoredQuery) {
        if self.queries.insert(id, q).is_none() {
            self.order.push_back(id);
        }
    }
}
