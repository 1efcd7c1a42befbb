//! Keyword classification of a ticket into the handful of categories an MSP service desk
//! triages by. Deterministic: the same text always gives the same category.

use serde::{Deserialize, Serialize};

/// What a ticket is about, as far as keywords can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    PasswordMfa,
    Email,
    Printer,
    Network,
    NewStarter,
    Hardware,
    Other,
}

impl Category {
    /// Every category, in the order ties are broken (the more specific request first).
    pub const ALL: [Category; 7] = [
        Category::NewStarter,
        Category::PasswordMfa,
        Category::Email,
        Category::Printer,
        Category::Network,
        Category::Hardware,
        Category::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::PasswordMfa => "Password / MFA",
            Category::Email => "E-mail",
            Category::Printer => "Printer",
            Category::Network => "Network",
            Category::NewStarter => "New starter",
            Category::Hardware => "Hardware",
            Category::Other => "Other",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::PasswordMfa => "password_mfa",
            Category::Email => "email",
            Category::Printer => "printer",
            Category::Network => "network",
            Category::NewStarter => "new_starter",
            Category::Hardware => "hardware",
            Category::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Keywords (single words or phrases of whole words) that point at this category.
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Category::PasswordMfa => &[
                "password",
                "passwords",
                "passcode",
                "mfa",
                "2fa",
                "two factor",
                "two-factor",
                "multi factor",
                "multi-factor",
                "authenticator",
                "locked out",
                "lockout",
                "account locked",
                "account is locked",
                "verification code",
                "one time code",
                "otp",
                "sign in",
                "sign-in",
                "signin",
                "log in",
                "login",
                "log on",
                "logon",
                "reset my password",
                "expired password",
            ],
            Category::Email => &[
                "email",
                "emails",
                "e-mail",
                "e-mails",
                "mail",
                "outlook",
                "mailbox",
                "mailboxes",
                "inbox",
                "exchange",
                "calendar",
                "spam",
                "phishing",
                "junk",
                "distribution list",
                "bounce",
                "bounced",
                "undeliverable",
                "ndr",
                "smtp",
                "signature",
                "out of office",
            ],
            Category::Printer => &[
                "printer",
                "printers",
                "print",
                "printing",
                "prints",
                "toner",
                "scanner",
                "scan to",
                "scanning",
                "paper jam",
                "jammed",
                "ink",
                "copier",
                "mfp",
                "print queue",
                "spooler",
            ],
            Category::Network => &[
                "network",
                "wifi",
                "wi-fi",
                "wireless",
                "internet",
                "vpn",
                "dns",
                "dhcp",
                "firewall",
                "router",
                "switch",
                "ethernet",
                "connectivity",
                "no connection",
                "cannot connect",
                "can't connect",
                "disconnects",
                "disconnecting",
                "latency",
                "packet loss",
                "ip address",
                "access point",
                "slow connection",
            ],
            Category::NewStarter => &[
                "new starter",
                "new starters",
                "new user",
                "new employee",
                "new hire",
                "new joiner",
                "joiner",
                "onboarding",
                "onboard",
                "starts on",
                "starting on",
                "starts monday",
                "starting monday",
                "first day",
                "set up an account",
                "create an account",
                "new account for",
                "new colleague",
            ],
            Category::Hardware => &[
                "laptop",
                "desktop",
                "pc",
                "computer",
                "monitor",
                "screen",
                "keyboard",
                "mouse",
                "hard drive",
                "disk",
                "ssd",
                "battery",
                "dock",
                "docking station",
                "won't turn on",
                "wont turn on",
                "does not turn on",
                "doesn't turn on",
                "no power",
                "broken",
                "cracked",
                "hardware",
                "overheating",
                "fan",
                "headset",
                "webcam",
                "blue screen",
                "bsod",
            ],
            Category::Other => &[],
        }
    }
}

/// The words of `text`, lower-cased, joined by single spaces and padded with one space on each
/// side, so a phrase matches only on whole words (" print " does not match "blueprint").
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_matches(|c: char| c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    format!(" {} ", words.join(" "))
}

fn hits(normalised: &str, category: Category) -> usize {
    category
        .keywords()
        .iter()
        .filter(|k| normalised.contains(&format!(" {} ", normalise(k).trim())))
        .count()
}

/// The category of a ticket: keyword hits in the title count twice, in the description and the
/// notes once; the highest score wins, ties go to the earlier category in [`Category::ALL`].
pub fn classify(title: &str, body: &str) -> Category {
    let title = normalise(title);
    let body = normalise(body);
    let mut best = (0, Category::Other);
    for category in Category::ALL {
        let score = 2 * hits(&title, category) + hits(&body, category);
        if score > best.0 {
            best = (score, category);
        }
    }
    best.1
}

/// The keywords that decided a category, for the note (so a technician sees why).
pub fn matched_keywords(title: &str, body: &str, category: Category) -> Vec<&'static str> {
    let text = normalise(&format!("{title} {body}"));
    category
        .keywords()
        .iter()
        .copied()
        .filter(|k| text.contains(&format!(" {} ", normalise(k).trim())))
        .collect()
}
