//! One-time codes for link decisions: six random digits, stored as a keyed hash bound to the
//! plan and the decision, valid ten minutes, single use; wrong answers and re-sends are capped.

use super::view::LinkDecision;
use crate::crypto::Cipher;
use app::ids::ApprovalPlanId;
use rand::rngs::OsRng;
use rand::Rng;

/// How long a mailed code can be used.
pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// Wrong answers per plan before the link stops taking codes (a reply still decides).
pub const MAX_FAILURES: i64 = 5;
/// Codes mailed per plan within `RESEND_WINDOW_MS`.
pub const MAX_SENDS: i64 = 3;
pub const RESEND_WINDOW_MS: i64 = 60 * 60 * 1000;

const LABEL: &str = "approval-link-code-v1";

/// Six digits, uniformly from the OS's generator (leading zeros kept).
pub fn new_code() -> String {
    format!("{:06}", OsRng.gen_range(0..1_000_000u32))
}

/// The stored form: a keyed hash, so a copy of the table does not give the codes away by
/// trying all million.
pub fn code_hash(
    cipher: &Cipher,
    plan: ApprovalPlanId,
    decision: LinkDecision,
    code: &str,
) -> String {
    let message = format!("{}:{}:{}", plan.get(), decision.as_str(), code.trim());
    cipher.mac(LABEL, message.as_bytes())
}

/// `jane.doe@example.com` → `j***e@e***.com`: enough for the approver to recognise, too little
/// for a bystander with the link to learn the address.
pub fn mask_email(address: &str) -> String {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return "***".to_string();
    };
    let ends = |s: &str| -> String {
        let chars: Vec<char> = s.chars().collect();
        match chars.len() {
            0 => String::new(),
            1 | 2 => format!("{}***", chars[0]),
            n => format!("{}***{}", chars[0], chars[n - 1]),
        }
    };
    let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    let host = host
        .chars()
        .next()
        .map(|c| format!("{c}***"))
        .unwrap_or_default();
    if tld.is_empty() {
        format!("{}@{host}", ends(local))
    } else {
        format!("{}@{host}.{tld}", ends(local))
    }
}

/// The mail that carries a code.
pub fn code_mail(
    plan_code: &str,
    decision: LinkDecision,
    code: &str,
    ticket: &str,
) -> (String, String) {
    let subject = format!("Relay code to {} plan {plan_code}", decision.as_str());
    let text = format!(
        "Your one-time code to {} plan {plan_code} on ticket {ticket} is:\n\n    {code}\n\n\
         Type it on the approval page within 10 minutes. It works once, only for this plan and \
         this decision.\n\nIf you did not press {} on that page, ignore this mail: nothing is \
         decided without the code, and you can still decide by replying on the ticket.\n",
        decision.as_str(),
        decision.verb(),
    );
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::MasterKey;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), 6, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn a_hash_is_bound_to_plan_decision_and_key() {
        let cipher = Cipher::new(&MasterKey::generate());
        let plan = ApprovalPlanId::from(7);
        let hash = code_hash(&cipher, plan, LinkDecision::Approve, "123456");
        assert_eq!(
            hash,
            code_hash(&cipher, plan, LinkDecision::Approve, " 123456 ")
        );
        assert_ne!(hash, code_hash(&cipher, plan, LinkDecision::Deny, "123456"));
        assert_ne!(
            hash,
            code_hash(
                &cipher,
                ApprovalPlanId::from(8),
                LinkDecision::Approve,
                "123456"
            )
        );
        assert_ne!(
            hash,
            code_hash(&cipher, plan, LinkDecision::Approve, "123457")
        );
        let other = Cipher::new(&MasterKey::generate());
        assert_ne!(
            hash,
            code_hash(&other, plan, LinkDecision::Approve, "123456")
        );
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask_email("jane.doe@example.com"), "j***e@e***.com");
        assert_eq!(mask_email("al@mail.example.org"), "a***@m***.org");
        assert_eq!(mask_email("x@localhost"), "x***@l***");
        assert_eq!(mask_email("not-an-address"), "***");
        assert!(!mask_email("jane.doe@example.com").contains("doe"));
    }
}
