//! `ContactIndex::find`: the matching order of the voice agent and the confidence of each
//! answer. The company, once known (by its phone number or its spoken name), bounds the search:
//! another company's contacts are never offered.

use super::index::{company_words, ContactIndex};
use super::names::{phonetic, words, Word};
use super::phone;
use std::collections::HashSet;

/// What the caller gave; any part may be missing.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

/// How a candidate was found, for the call history and the spoken answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The caller's number is the contact's.
    Phone,
    /// The caller's number is the company's main number; the name picked the contact.
    CompanyPhone,
    /// The spoken name (within the company when one is known).
    Name,
    /// Only the company is known.
    Company,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub contact_id: Option<i64>,
    pub company_id: i64,
    pub contact_name: Option<String>,
    pub company_name: String,
    pub confidence: f64,
    pub via: Via,
}

/// Similarities already computed in one query: (spoken word, name id) → score.
type Memo = std::collections::HashMap<(usize, u32), f64>;

/// Answers at most this many candidates; a person can choose among three.
const MAX_ANSWERS: usize = 3;
/// Below this a candidate is noise, not a match.
const MIN_CONFIDENCE: f64 = 0.62;
/// A spoken company name must read at least this close to an indexed one.
const MIN_COMPANY: f64 = 0.86;

impl ContactIndex {
    pub fn find(&self, lookup: &Lookup) -> Vec<Candidate> {
        let name: Vec<Word> = lookup
            .name
            .as_deref()
            .map(words)
            .unwrap_or_default()
            .iter()
            .map(|w| Word::new(w))
            .collect();
        let number = lookup.phone.as_deref().and_then(phone::normalise);
        // 1. The caller's number.
        let phone_contacts: Vec<u32> = number
            .as_ref()
            .and_then(|n| self.contact_phones.get(n))
            .cloned()
            .unwrap_or_default();
        let phone_company = number
            .as_ref()
            .and_then(|n| self.company_phones.get(n))
            .and_then(|ids| ids.first().copied());
        // 2. The spoken company; a clear spoken name wins over the number's company.
        let spoken_company = lookup.company.as_deref().and_then(|c| self.best_company(c));
        let company = spoken_company.or(phone_company).or_else(|| {
            // A contact's own number also tells the company.
            let mut companies = phone_contacts
                .iter()
                .map(|&at| self.contacts[at as usize].company);
            let first = companies.next()?;
            companies.all(|c| c == first).then_some(first)
        });
        let mut scored: Vec<(u32, f64, Via)> = Vec::new();
        let mut memo = Memo::default();
        if !phone_contacts.is_empty() {
            for &at in &phone_contacts {
                let contact = &self.contacts[at as usize];
                if company.is_some_and(|c| c != contact.company) {
                    continue;
                }
                let by_name = if name.is_empty() {
                    1.0
                } else {
                    self.name_score(&name, at, &mut memo)
                };
                // The number is strong evidence; a name that clearly differs weakens it
                // (a shared desk phone), it never erases it.
                let confidence = 0.8 + 0.18 * by_name;
                scored.push((at, confidence, Via::Phone));
            }
        }
        // 3. The spoken name, within the company when one is known.
        if !name.is_empty() {
            let pool: Vec<u32> = match company {
                Some(c) => self.by_company.get(&c).cloned().unwrap_or_default(),
                None => self.sounding_like(&name),
            };
            let via = if company.is_some() && spoken_company.is_none() && phone_company.is_some() {
                Via::CompanyPhone
            } else {
                Via::Name
            };
            // Only the number's matches can repeat here (the pool itself has no repeats):
            // checking against every score so far made a no-company name quadratic in its
            // thousands of phonetic neighbours.
            let by_phone = scored.len();
            for at in pool {
                if scored[..by_phone].iter().any(|(seen, _, _)| *seen == at) {
                    continue;
                }
                let mut confidence = self.name_score(&name, at, &mut memo);
                if company.is_some() {
                    // Knowing the company makes the same name score mean more.
                    confidence = (confidence + 0.04).min(0.99);
                }
                scored.push((at, confidence, via));
            }
        }
        scored.retain(|(_, c, _)| *c >= MIN_CONFIDENCE);
        let order = |a: &(u32, f64, Via), b: &(u32, f64, Via)| {
            b.1.total_cmp(&a.1).then_with(|| {
                let (x, y) = (&self.contacts[a.0 as usize], &self.contacts[b.0 as usize]);
                y.active.cmp(&x.active).then(x.id.cmp(&y.id))
            })
        };
        // The order is total (ties end on the contact id), so picking the best few first and
        // sorting only those gives the same answers as sorting thousands of scores.
        if scored.len() > MAX_ANSWERS {
            scored.select_nth_unstable_by(MAX_ANSWERS - 1, order);
            scored.truncate(MAX_ANSWERS);
        }
        scored.sort_by(order);
        let mut out: Vec<Candidate> = scored
            .into_iter()
            .take(MAX_ANSWERS)
            .map(|(at, confidence, via)| {
                let contact = &self.contacts[at as usize];
                Candidate {
                    contact_id: Some(contact.id),
                    company_id: contact.company,
                    contact_name: Some(contact.display.clone()),
                    company_name: self
                        .company_name(contact.company)
                        .unwrap_or_default()
                        .to_owned(),
                    confidence: (confidence * 100.0).round() / 100.0,
                    via,
                }
            })
            .collect();
        if out.is_empty() {
            if let Some(c) = company {
                out.push(Candidate {
                    contact_id: None,
                    company_id: c,
                    contact_name: None,
                    company_name: self.company_name(c).unwrap_or_default().to_owned(),
                    confidence: if spoken_company.is_some() || phone_company.is_some() {
                        0.8
                    } else {
                        0.7
                    },
                    via: Via::Company,
                });
            }
        }
        out
    }

    /// The indexed company whose name reads closest to `spoken`, if close enough.
    fn best_company(&self, spoken: &str) -> Option<i64> {
        let wanted = company_words(spoken);
        if wanted.is_empty() {
            return None;
        }
        let wanted_text = wanted.join(" ");
        let initial = wanted_text.as_bytes()[0];
        let mut best: Option<(f64, i64)> = None;
        for (&id, company) in &self.companies {
            // A spoken company name keeps its first sound; skipping the others keeps this
            // scan cheap at tens of thousands of companies.
            if company.text.as_bytes().first() != Some(&initial) {
                continue;
            }
            // The whole name, or its leading words ("Contoso" for "Contoso Dental").
            let prefix_len = wanted.len().min(company.words.len());
            let prefix: usize = company.words[..prefix_len]
                .iter()
                .map(|w| w.len() + 1)
                .sum::<usize>()
                - 1;
            let score = strsim::jaro_winkler(&wanted_text, &company.text)
                .max(strsim::jaro_winkler(&wanted_text, &company.text[..prefix]) - 0.02);
            if best.is_none_or(|(b, bid)| score > b || (score == b && id < bid)) {
                best = Some((score, id));
            }
        }
        best.filter(|(score, _)| *score >= MIN_COMPANY)
            .map(|(_, id)| id)
    }

    /// Contacts sharing a phonetic key with any spoken word: the pool when no company is known.
    /// With two or more words the first is looked up as a first name and the last as a last
    /// name; one word may be either.
    fn sounding_like(&self, name: &[Word]) -> Vec<u32> {
        let mut seen = HashSet::new();
        let mut pool = Vec::new();
        let (given, family) = (&name[0], &name[name.len() - 1]);
        let mut lookups = vec![
            self.by_first_sound.get(&given.code),
            self.by_last_sound.get(&family.code),
            self.by_last_sound.get(&phonetic(&family.text)),
        ];
        if name.len() == 1 {
            lookups.push(self.by_last_sound.get(&given.code));
            lookups.push(self.by_first_sound.get(&phonetic(&given.text)));
        }
        for bucket in lookups.into_iter().flatten() {
            for &at in bucket {
                if seen.insert(at) {
                    pool.push(at);
                }
            }
        }
        pool
    }

    /// How well the spoken words name contact `at`: first and last name (either order), or one
    /// word against either part, discounted because one word says less.
    fn name_score(&self, spoken: &[Word], at: u32, memo: &mut Memo) -> f64 {
        let contact = &self.contacts[at as usize];
        let (first, last) = (contact.first, contact.last);
        let mut sim = |word: usize, name: u32| {
            *memo
                .entry((word, name))
                .or_insert_with(|| spoken[word].similarity(&self.names[name as usize]))
        };
        let end = spoken.len().saturating_sub(1);
        let mut score = match spoken.len() {
            0 => 0.0,
            1 => sim(0, first).max(sim(0, last)) * 0.82,
            _ => {
                let straight = 0.45 * sim(0, first) + 0.55 * sim(end, last);
                // "Smith, John": only worth computing when the straight reading is poor.
                if straight >= 0.9 {
                    straight
                } else {
                    straight.max(0.45 * sim(end, first) + 0.55 * sim(0, last))
                }
            }
        };
        if !contact.active {
            score *= 0.9;
        }
        score
    }
}
