//! Scripted calls: who calls from which number, what is said, what the assistant asks the
//! tools, and what the platform's analysis concludes. `demo_calls` are realistic calls from
//! the simulated tenant's seeded contacts (and one stranger).

use serde_json::{json, Map, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// True for the caller, false for the assistant.
    pub caller: bool,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct ScriptedCall {
    pub call_id: String,
    /// The caller's number, E.164.
    pub caller: String,
    pub turns: Vec<Turn>,
    /// What the assistant passes to `find_contact` (besides the caller's number, which Relay
    /// takes from the call).
    pub name: Option<String>,
    pub company: Option<String>,
    /// `create_ticket`'s title and description; `None`: the assistant never calls it and the
    /// end-of-call report must create the ticket.
    pub ticket: Option<(String, String)>,
    pub summary: String,
    pub structured: Value,
    /// Send tool arguments as a JSON string (Vapi's current OpenAPI) instead of an object.
    pub string_arguments: bool,
}

impl ScriptedCall {
    /// A call with a fresh id.
    pub fn new(caller: &str) -> Self {
        Self {
            call_id: uuid::Uuid::new_v4().to_string(),
            caller: caller.to_owned(),
            turns: Vec::new(),
            name: None,
            company: None,
            ticket: None,
            summary: String::new(),
            structured: json!({}),
            string_arguments: false,
        }
    }

    pub fn agent(mut self, text: &str) -> Self {
        self.turns.push(Turn {
            caller: false,
            text: text.to_owned(),
        });
        self
    }

    pub fn says(mut self, text: &str) -> Self {
        self.turns.push(Turn {
            caller: true,
            text: text.to_owned(),
        });
        self
    }

    /// The name (and company) the caller gave, as the assistant passes them to `find_contact`.
    pub fn introduces(mut self, name: &str, company: Option<&str>) -> Self {
        self.name = Some(name.to_owned());
        self.company = company.map(str::to_owned);
        self
    }

    pub fn files(mut self, title: &str, description: &str) -> Self {
        self.ticket = Some((title.to_owned(), description.to_owned()));
        self
    }

    pub fn analysed(mut self, summary: &str, structured: Value) -> Self {
        self.summary = summary.to_owned();
        self.structured = structured;
        self
    }

    pub fn with_string_arguments(mut self) -> Self {
        self.string_arguments = true;
        self
    }

    pub(super) fn find_contact_args(&self) -> Map<String, Value> {
        let mut args = Map::new();
        if let Some(name) = &self.name {
            args.insert("name".into(), name.clone().into());
        }
        if let Some(company) = &self.company {
            args.insert("company".into(), company.clone().into());
        }
        args
    }

    /// Like an assistant would: the ids of the first match `find_contact` answered, if any.
    pub(super) fn create_ticket_args(
        &self,
        found: Option<&str>,
        title: &str,
        description: &str,
    ) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("title".into(), title.into());
        args.insert("description".into(), description.into());
        for key in ["contactId", "companyId"] {
            if let Some(id) = found.and_then(|text| id_after(text, key)) {
                args.insert(key.into(), id.into());
            }
        }
        args
    }
}

/// The number after the first "`key` " in `text`.
fn id_after(text: &str, key: &str) -> Option<i64> {
    let at = text.find(&format!("{key} "))? + key.len() + 1;
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Realistic calls from the seeded tenant: a known number, a spoken name only (mis-heard),
/// and a stranger nothing matches.
pub fn demo_calls() -> Vec<ScriptedCall> {
    vec![
        ScriptedCall::new("+15550142232")
            .agent("Thanks for calling Northwind IT, who am I speaking with?")
            .says("Hi, it's Alicia Park at Contoso Dental.")
            .agent("Thanks Alicia. What can we help with today?")
            .says("Outlook keeps asking for my password since this morning, on both front desk PCs.")
            .agent("I've opened a ticket for that; a technician will call you back shortly.")
            .introduces("Alicia Park", Some("Contoso Dental"))
            .files("Outlook keeps prompting for password", "Outlook password prompts on both front desk PCs since this morning.")
            .analysed(
                "Alicia Park (Contoso Dental) reports repeated Outlook password prompts on two PCs.",
                json!({"caller_name": "Alicia Park", "company": "Contoso Dental", "issue": "Outlook password prompts"}),
            ),
        ScriptedCall::new("+15559990123")
            .agent("Thanks for calling Northwind IT, who am I speaking with?")
            .says("This is Evan Tomson from Fabrikam, calling from my cell.")
            .agent("Thanks Evan. What's going on?")
            .says("The label printer in the warehouse stopped printing after the update.")
            .agent("Understood, I've logged it and someone will follow up.")
            .introduces("Evan Tomson", Some("Fabrikam"))
            .with_string_arguments()
            .analysed(
                "Evan Thompson (Fabrikam Logistics): warehouse label printer stopped after an update.",
                json!({"caller_name": "Evan Thompson", "company": "Fabrikam Logistics", "issue": "Warehouse label printer not printing"}),
            ),
        ScriptedCall::new("+15557770000")
            .agent("Thanks for calling Northwind IT, who am I speaking with?")
            .says("Hi, I'm Sam, I'm new here and my laptop won't connect to the Wi-Fi.")
            .agent("No problem Sam, I'll make a note and a technician will call you back.")
            .introduces("Sam", None)
            .files("New user laptop cannot join Wi-Fi", "Caller Sam (unknown company) cannot connect a laptop to Wi-Fi.")
            .analysed(
                "Unknown caller Sam cannot connect a new laptop to Wi-Fi.",
                json!({"caller_name": "Sam", "issue": "Laptop cannot connect to Wi-Fi"}),
            ),
    ]
}
