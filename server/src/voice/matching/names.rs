//! Spoken names as the index compares them: folded to plain lowercase letters, nicknames
//! mapped to one given name, a phonetic key (Soundex with the initial sound folded too, so
//! "Catherine" and "Katherine" share it), and a similarity in 0..=1.

/// Lowercase ASCII words of `raw`: accents folded, punctuation dropped.
pub fn words(raw: &str) -> Vec<String> {
    let folded: String = raw
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                'o'
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            'ý' | 'ÿ' | 'Ý' => 'y',
            // "O'Brien" is one word, "Smith-Jones" two.
            '\'' | '’' => '\0',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .filter(|c| *c != '\0')
        .collect();
    folded.split_whitespace().map(str::to_owned).collect()
}

/// Nicknames and short forms → the given name they stand for (both sides are folded words).
const NICKNAMES: &[(&str, &str)] = &[
    ("al", "albert"),
    ("alex", "alexander"),
    ("ali", "alicia"),
    ("andy", "andrew"),
    ("drew", "andrew"),
    ("tony", "anthony"),
    ("ben", "benjamin"),
    ("benny", "benjamin"),
    ("bill", "william"),
    ("billy", "william"),
    ("will", "william"),
    ("willy", "william"),
    ("liam", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("rob", "robert"),
    ("robbie", "robert"),
    ("bert", "robert"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("chris", "christopher"),
    ("kit", "christopher"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("dave", "david"),
    ("davy", "david"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("ricky", "richard"),
    ("rich", "richard"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("ted", "edward"),
    ("ned", "edward"),
    ("liz", "elizabeth"),
    ("lizzie", "elizabeth"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("eliza", "elizabeth"),
    ("libby", "elizabeth"),
    ("fred", "frederick"),
    ("freddie", "frederick"),
    ("frank", "francis"),
    ("gabe", "gabriel"),
    ("greg", "gregory"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("jamie", "james"),
    ("jen", "jennifer"),
    ("jenny", "jennifer"),
    ("jeff", "jeffrey"),
    ("joe", "joseph"),
    ("joey", "joseph"),
    ("jon", "john"),
    ("johnny", "john"),
    ("jack", "john"),
    ("jonny", "jonathan"),
    ("josh", "joshua"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("kathy", "katherine"),
    ("cathy", "catherine"),
    ("kat", "katherine"),
    ("ken", "kenneth"),
    ("kenny", "kenneth"),
    ("larry", "lawrence"),
    ("matt", "matthew"),
    ("matty", "matthew"),
    ("meg", "margaret"),
    ("maggie", "margaret"),
    ("peggy", "margaret"),
    ("mike", "michael"),
    ("mikey", "michael"),
    ("mick", "michael"),
    ("nate", "nathan"),
    ("nick", "nicholas"),
    ("nicky", "nicholas"),
    ("pat", "patricia"),
    ("patty", "patricia"),
    ("tricia", "patricia"),
    ("pete", "peter"),
    ("phil", "philip"),
    ("ron", "ronald"),
    ("ronnie", "ronald"),
    ("sam", "samuel"),
    ("sammy", "samuel"),
    ("sandy", "sandra"),
    ("steve", "stephen"),
    ("stevie", "stephen"),
    ("sue", "susan"),
    ("susie", "susan"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("tim", "timothy"),
    ("timmy", "timothy"),
    ("val", "valerie"),
    ("vic", "victor"),
    ("vince", "vincent"),
    ("abby", "abigail"),
    ("becky", "rebecca"),
    ("becca", "rebecca"),
    ("cindy", "cynthia"),
    ("debbie", "deborah"),
    ("deb", "deborah"),
    ("jess", "jessica"),
    ("jessie", "jessica"),
    ("mandy", "amanda"),
    ("manny", "emmanuel"),
    ("nan", "nancy"),
    ("sally", "sarah"),
    ("fi", "fiona"),
    ("dima", "dmitri"),
    ("greta", "margaret"),
    ("stan", "stanley"),
    ("doug", "douglas"),
    ("don", "donald"),
    ("walt", "walter"),
    ("gerry", "gerald"),
    ("jerry", "gerald"),
    ("terry", "terence"),
];

/// The given name a nickname stands for, or the word itself.
pub fn canonical(word: &str) -> &str {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| NICKNAMES.iter().copied().collect())
        .get(word)
        .copied()
        .unwrap_or(word)
}

/// A folded word with its nickname-free form and phonetic key, computed once (the index
/// compares each spoken word with thousands of stored ones).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    pub text: String,
    pub canon: String,
    pub code: String,
}

impl Word {
    pub fn new(text: &str) -> Self {
        let canon = canonical(text).to_owned();
        let code = phonetic(&canon);
        Self {
            text: text.to_owned(),
            canon,
            code,
        }
    }

    /// [`similarity`] on precomputed words.
    pub fn similarity(&self, stored: &Word) -> f64 {
        if self.text.is_empty() || stored.text.is_empty() {
            return 0.0;
        }
        if self.text == stored.text {
            return 1.0;
        }
        if self.canon == stored.canon {
            return 0.97;
        }
        let mut text = strsim::jaro_winkler(&self.text, &stored.text);
        if self.canon != self.text || stored.canon != stored.text {
            text = text.max(strsim::jaro_winkler(&self.canon, &stored.canon));
        }
        if self.code == stored.code {
            text.max(0.9)
        } else {
            text
        }
    }
}

/// A phonetic key: Soundex after folding sounds that spell differently at the start
/// (c/k, ph/f, wr/r, kn/n, x/z), so "Smyth"/"Smith" and "Katherine"/"Catherine" share one.
pub fn phonetic(word: &str) -> String {
    let mut w = word.to_owned();
    for (from, to) in [
        ("ph", "f"),
        ("wr", "r"),
        ("kn", "n"),
        ("gn", "n"),
        ("ps", "s"),
    ] {
        if let Some(rest) = w.strip_prefix(from) {
            w = format!("{to}{rest}");
        }
    }
    let mut chars: Vec<char> = w.chars().collect();
    let Some(first) = chars.first_mut() else {
        return String::new();
    };
    *first = match *first {
        'c' => 'k',
        'x' => 'z',
        'q' => 'k',
        other => other,
    };
    let code = |c: char| match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        _ => '0',
    };
    let mut key = String::with_capacity(4);
    key.push(chars[0]);
    let mut last = code(chars[0]);
    for &c in &chars[1..] {
        let digit = code(c);
        // h and w do not separate equal codes; vowels do.
        if digit != '0' && digit != last {
            key.push(digit);
            if key.len() == 4 {
                break;
            }
        }
        if c != 'h' && c != 'w' {
            last = digit;
        }
    }
    while key.len() < 4 {
        key.push('0');
    }
    key
}

/// How alike two folded words sound and read: 1 for equal, 0.97 for the same given name under
/// a nickname, at least 0.9 for the same phonetic key, else Jaro-Winkler.
pub fn similarity(spoken: &str, stored: &str) -> f64 {
    if spoken.is_empty() || stored.is_empty() {
        return 0.0;
    }
    if spoken == stored {
        return 1.0;
    }
    let (a, b) = (canonical(spoken), canonical(stored));
    if a == b {
        return 0.97;
    }
    let text = strsim::jaro_winkler(spoken, stored).max(strsim::jaro_winkler(a, b));
    if phonetic(a) == phonetic(b) {
        text.max(0.9)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_nicknames_and_sounds() {
        assert_eq!(words("  José O'Brien-Smith "), ["jose", "obrien", "smith"]);
        assert_eq!(phonetic("smith"), phonetic("smyth"));
        assert_eq!(phonetic("katherine"), phonetic("catherine"));
        assert_eq!(phonetic("robert"), "r163");
        assert_eq!(canonical("bob"), "robert");
        assert!(similarity("jon", "john") >= 0.97);
        assert!(similarity("smyth", "smith") >= 0.9);
        assert!(similarity("smith", "jones") < 0.6);
    }
}
