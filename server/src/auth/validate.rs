//! Input rules for setup and sign-in, each failure naming its field.

use app::error::AppError;
use app::wire::SetupInput;

pub const MIN_PASSWORD: usize = 12;

pub fn normalise_email(email: &str) -> Result<String, AppError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !e.contains(char::is_whitespace);
    if valid {
        Ok(e)
    } else {
        Err(AppError::validation(
            "email",
            "Enter an email address like name@example.com.",
        ))
    }
}

pub fn validate_setup(input: &SetupInput) -> Result<String, AppError> {
    if input.msp_name.trim().is_empty() || input.msp_name.trim().len() > 120 {
        return Err(AppError::validation(
            "msp_name",
            "Enter your MSP's name (up to 120 characters).",
        ));
    }
    if input.name.trim().is_empty() || input.name.trim().len() > 120 {
        return Err(AppError::validation(
            "name",
            "Enter your name (up to 120 characters).",
        ));
    }
    let email = normalise_email(&input.email)?;
    if input.password.chars().count() < MIN_PASSWORD {
        return Err(AppError::validation(
            "password",
            format!("Use a password of at least {MIN_PASSWORD} characters."),
        ));
    }
    if input.password.len() > 1024 {
        return Err(AppError::validation(
            "password",
            "That password is too long (1024 bytes at most).",
        ));
    }
    if input.password != input.password_confirm {
        return Err(AppError::validation(
            "password_confirm",
            "The two passwords do not match.",
        ));
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SetupInput {
        SetupInput {
            msp_name: "Example MSP".into(),
            name: "Ada Admin".into(),
            email: " Ada@Example.COM ".into(),
            password: "a-long-test-password".into(),
            password_confirm: "a-long-test-password".into(),
        }
    }

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(validate_setup(&input()).unwrap(), "ada@example.com");
    }

    #[test]
    fn each_rule_names_its_field() {
        type Mutation = fn(&mut SetupInput);
        let cases: Vec<(Mutation, &str)> = vec![
            (|i| i.msp_name = " ".into(), "msp_name"),
            (|i| i.name = String::new(), "name"),
            (|i| i.email = "nope".into(), "email"),
            (|i| i.password = "short".into(), "password"),
            (
                |i| i.password_confirm = "different-password".into(),
                "password_confirm",
            ),
        ];
        for (mutate, field) in cases {
            let mut i = input();
            mutate(&mut i);
            assert_eq!(
                validate_setup(&i).unwrap_err().field.as_deref(),
                Some(field)
            );
        }
    }
}
