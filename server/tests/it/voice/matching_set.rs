//! The committed spoken-name set (`tests/fixtures/voice-matching-set.json`): misspellings,
//! nicknames, transcription errors, the same name in two companies and phone numbers in many
//! formats, each with the contact it must find. Reports the hit rates the README quotes.

use serde_json::Value;
use server::store::{VoiceCompanyRow, VoiceContactRow};
use server::voice::matching::{phone, ContactIndex, Lookup};

fn set() -> Value {
    let path = format!(
        "{}/tests/fixtures/voice-matching-set.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the set")).expect("JSON")
}

pub fn index_of(set: &Value) -> ContactIndex {
    let companies = set["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| VoiceCompanyRow {
            company_id: c["companyId"].as_i64().unwrap(),
            name: c["name"].as_str().unwrap().into(),
            phones: phone::join(c["phone"].as_str()),
            active: true,
        })
        .collect();
    let contacts = set["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| VoiceContactRow {
            contact_id: c["contactId"].as_i64().unwrap(),
            company_id: c["companyId"].as_i64().unwrap(),
            first_name: c["firstName"].as_str().unwrap().into(),
            last_name: c["lastName"].as_str().unwrap().into(),
            email: String::new(),
            phones: phone::join(c["phone"].as_str()),
            active: c["active"].as_bool().unwrap(),
            last_modified: None,
        })
        .collect();
    ContactIndex::build(companies, contacts)
}

#[test]
fn spoken_name_set_hit_rates() {
    let set = set();
    let index = index_of(&set);
    let cases = set["cases"].as_array().unwrap();
    assert!(cases.len() >= 100, "at least 100 cases");
    let company_of = |contact: i64| index.company_of(contact).unwrap();
    let (mut first, mut top3) = (0usize, 0usize);
    let mut misses = Vec::new();
    for case in cases {
        let text = |k: &str| case[k].as_str().map(str::to_owned);
        let lookup = Lookup {
            name: text("name"),
            phone: text("phone"),
            company: text("company"),
        };
        let expect = case["expect"].as_i64().unwrap();
        let found = index.find(&lookup);
        let ids: Vec<Option<i64>> = found.iter().map(|c| c.contact_id).collect();
        if ids.first() == Some(&Some(expect)) {
            first += 1;
        } else {
            misses.push(format!("{} {lookup:?} -> {found:?}", case["kind"]));
        }
        if ids.contains(&Some(expect)) {
            top3 += 1;
        }
        if lookup.company.is_some() {
            let company = company_of(expect);
            assert!(
                found.iter().all(|c| c.company_id == company),
                "another company's contact offered for {lookup:?}: {found:?}"
            );
        }
    }
    let n = cases.len() as f64;
    let (rank1, in_top3) = (first as f64 / n, top3 as f64 / n);
    println!(
        "voice matching set: {} cases, rank-1 {rank1:.3}, top-3 {in_top3:.3}",
        cases.len()
    );
    for miss in &misses {
        println!("  rank-1 miss: {miss}");
    }
    assert!(rank1 >= 0.9, "rank-1 hit rate {rank1:.3}");
    assert!(in_top3 >= 0.98, "top-3 hit rate {in_top3:.3}");
}
