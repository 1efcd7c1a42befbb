//! The in-memory contact index of one integration, built from the stored rows: lookups by
//! phone, by company and by the phonetic key of each name, so a match scores a few hundred
//! candidates instead of every contact.

use super::names::{phonetic, words, Word};
use crate::store::{VoiceCompanyRow, VoiceContactRow};
use std::collections::HashMap;

pub(super) struct Contact {
    pub id: i64,
    pub company: i64,
    /// Ids into `ContactIndex::names`: names repeat (Zipf), so a query scores each distinct
    /// name once, not once per contact.
    pub first: u32,
    pub last: u32,
    pub display: String,
    pub active: bool,
}

pub(super) struct Company {
    pub name: String,
    /// `words` joined, and its first letter (a cheap filter before the string distance).
    pub text: String,
    /// The folded words of the name without legal suffixes ("inc", "llc", …).
    pub words: Vec<String>,
}

/// Words that say nothing about which company is meant.
const COMPANY_NOISE: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "the",
    "and",
    "of",
    "gmbh",
    "plc",
    "group",
    "pllc",
    "llp",
    "pc",
    "sa",
    "ag",
    "bv",
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
    /// Contacts by the phonetic key of their first name, and of their last name.
    pub(super) by_first_sound: HashMap<String, Vec<u32>>,
    pub(super) by_last_sound: HashMap<String, Vec<u32>>,
    pub(super) contact_phones: HashMap<String, Vec<u32>>,
    pub(super) company_phones: HashMap<String, Vec<i64>>,
    by_id: HashMap<i64, u32>,
    pub(super) names: Vec<Word>,
    name_ids: HashMap<String, u32>,
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
            let text = words.join(" ");
            index.companies.insert(
                row.company_id,
                Company {
                    name: row.name,
                    text,
                    words,
                },
            );
        }
        for row in contacts {
            let at = index.contacts.len() as u32;
            let first = index.intern(&words(&row.first_name).join(" "));
            let last = index.intern(&words(&row.last_name).join(" "));
            let (first_id, last_id) = (first, last);
            let (first, last) = (
                index.names[first as usize].clone(),
                index.names[last as usize].clone(),
            );
            if !first.text.is_empty() {
                index
                    .by_first_sound
                    .entry(first.code.clone())
                    .or_default()
                    .push(at);
            }
            // A double-barrelled or multi-word last name is found by each of its words.
            let mut last_keys: Vec<String> = last
                .text
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(phonetic)
                .collect();
            last_keys.push(last.code.clone());
            last_keys.sort();
            last_keys.dedup();
            for key in last_keys {
                index.by_last_sound.entry(key).or_default().push(at);
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
                first: first_id,
                last: last_id,
                display,
                active: row.active,
            });
        }
        index
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(text) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(Word::new(text));
        self.name_ids.insert(text.to_owned(), id);
        id
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
