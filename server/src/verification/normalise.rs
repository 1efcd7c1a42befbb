//! Text as the rules compare it: lower case, accents folded, punctuation gone, one space
//! between words. "Passwort zurücksetzen!!" and "passwort zurucksetzen" read the same.

use unicode_normalization::UnicodeNormalization;

pub fn normalise(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ß' => 's',
            // "can't", "cant" and "can t" must all read as one word.
            '\'' | '’' | '`' => '\u{0}',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of normalised text.
pub fn words(normalised: &str) -> Vec<&str> {
    normalised.split(' ').filter(|w| !w.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            normalise("Passwort zurücksetzen!!"),
            "passwort zurucksetzen"
        );
        assert_eq!(normalise("Can't   log-in"), "cant log in");
        assert_eq!(normalise("Mot de passe oublié"), "mot de passe oublie");
        assert_eq!(normalise("Contraseña"), "contrasena");
        assert_eq!(normalise("Straße"), "strase");
    }
}
