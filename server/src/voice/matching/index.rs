//! The in-memory contact index of one integration, built from the stored rows: lookups by
//! phone, by company and by the phonetic key of each name, so a match scores a few hundred
//! candidates instead of every contact.

use super::names::{canonical, phonetic, words};
use crate::store::{VoiceCompanyRow, VoiceContactRow};
use std::collections::HashMap;

pub(super) struct Contact {
    pub id: i64,
    pub company: i64,
    pub first: String,
    pub last: String,
    pub display: String,
    pub active: bool,
}

pub(super) struct Company {
    pub name: String,
    /// The folded words of the name without legal suffixes ("inc", "llc", …).
    pub words: Vec<String>,
}

/// Words that say nothing about which company is meant.
const COMPANY_NOISE: &[&str] = &[
    "inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "the", "and", "of",
    "gmbh", "plc", "group", "pllc", "llp", "pc", "sa", "ag", "bv",
];

pub fn company_words(name: &str) -> Vec<String> {
    words(name)
        .into_iter()
        .filter(|w| !COMPANY_NOISE.contains(&w.as_str()))
        .collect()
}

#[derive(Default)]
pub struct ContactIndex {
    pub(super) contacts: Vec<Contact>,
    pub(super) companies: HashMap<i64, Company>,
    pub(super) by_company: HashMap<i64, Vec<u32>>,
    pub(super) by_sound: HashMap<String, Vec<u32>>,
    pub(super) contact_phones: HashMap<String, Vec<u32>>,
    pub(super) company_phones: HashMap<String, Vec<i64>>,
    by_id: HashMap<i64, u32>,
}

impl ContactIndex {
    pub fn build(companies: Vec<VoiceCompanyRow>, contacts: Vec<VoiceContactRow>) -> Self {
        let mut index = Self::default();
        for row in companies {
            for phone in row.phones.split_whitespace() {
                index
                    .company_phones
                    .entry(phone.to_owned())
                    .or_default()
                    .push(row.company_id);
            }
            let words = company_words(&row.name);
            index.companies.insert(
                row.company_id,
                Company {
                    name: row.name,
                    words,
                },
            );
        }
        for row in contacts {
            let at = index.contacts.len() as u32;
            let first = words(&row.first_name).join(" ");
            let last = words(&row.last_name).join(" ");
            let mut keys: Vec<String> = Vec::new();
            for word in first.split(' ').chain(last.split(' ')) {
                if word.is_empty() {
                    continue;
                }
                for key in [phonetic(word), phonetic(canonical(word))] {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            for key in keys {
                index.by_sound.entry(key).or_default().push(at);
            }
            for phone in row.phones.split_whitespace() {
                index
                    .contact_phones
                    .entry(phone.to_owned())
                    .or_default()
                    .push(at);
            }
            index.by_company.entry(row.company_id).or_default().push(at);
            index.by_id.insert(row.contact_id, at);
            let display = format!("{} {}", row.first_name.trim(), row.last_name.trim())
                .trim()
                .to_owned();
            index.contacts.push(Contact {
                id: row.contact_id,
                company: row.company_id,
                first,
                last,
                display,
                active: row.active,
            });
        }
        index
    }

    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    /// The company a contact belongs to.
    pub fn company_of(&self, contact: i64) -> Option<i64> {
        self.by_id
            .get(&contact)
            .map(|&at| self.contacts[at as usize].company)
    }

    pub fn has_company(&self, company: i64) -> bool {
        self.companies.contains_key(&company)
    }

    pub fn company_name(&self, company: i64) -> Option<&str> {
        self.companies.get(&company).map(|c| c.name.as_str())
    }

    pub fn contact_name(&self, contact: i64) -> Option<&str> {
        self.by_id
            .get(&contact)
            .map(|&at| self.contacts[at as usize].display.as_str())
    }
}
