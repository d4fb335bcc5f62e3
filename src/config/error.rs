//! Config errors that name the file, line, column and key, with a "did you mean" for typos.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One step of a key path: a table key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Self {
        Seg::Key(s.to_string())
    }
}

impl From<String> for Seg {
    fn from(s: String) -> Self {
        Seg::Key(s)
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// A dotted key path such as `behaviour.Row.rules[0].play`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path extended by one step.
    pub fn at(&self, seg: impl Into<Seg>) -> KeyPath {
        let mut v = self.0.clone();
        v.push(seg.into());
        KeyPath(v)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) => {
                    let bare = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if bare { f.write_str(k)? } else { write!(f, "\"{k}\"")? }
                }
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem with a value, found after parsing; located in the file by its key path.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub path: KeyPath,
    pub message: String,
}

impl Invalid {
    pub fn new(path: &KeyPath, message: impl Into<String>) -> Self {
        Invalid { path: path.clone(), message: message.into() }
    }
}

/// A config or game file that cannot be used. Its `Display` is the message for the user.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The key at fault, when known.
    pub key: Option<String>,
    pub message: String,
    /// The offending source line, for display.
    pub snippet: Option<String>,
    /// The command-line argument that set the value at fault (`--set repeat.rounds=0`), when the
    /// value came from the command line rather than the file.
    pub origin: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(o) = &self.origin {
            write!(f, ": {o}")?;
        } else if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(k) = &self.key {
            write!(f, "key `{k}`: ")?;
        }
        f.write_str(&self.message)?;
        if let (Some(s), Some(c)) = (&self.snippet, self.column.filter(|&c| c <= MAX_EXCERPT + 1)) {
            let pad: String =
                s.chars().take(c.saturating_sub(1)).map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n  | {s}\n  | {pad}^")?;
        }
        Ok(())
    }
}

impl ConfigError {
    /// An error about the whole file (unreadable, for instance).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
            snippet: None,
            origin: None,
        }
    }

    /// An error at a byte offset of `text`.
    pub fn at_offset(file: &Path, text: &str, offset: usize, key: Option<String>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        ConfigError {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            key,
            message: message.into(),
            snippet: text.lines().nth(line - 1).map(short_excerpt),
            origin: None,
        }
    }

    /// An error at 1-based `line` and `column` of `text`.
    pub fn at_line(file: &Path, text: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            key: None,
            message: message.into(),
            snippet: text.lines().nth(line.saturating_sub(1)).map(short_excerpt),
            origin: None,
        }
    }

    /// Locates `invalid` in the TOML `text` by its key path.
    pub fn from_invalid(file: &Path, text: &str, invalid: &Invalid) -> Self {
        let key = Some(invalid.path.to_string());
        match locate(text, &invalid.path) {
            Some(span) => Self::at_offset(file, text, span.start, key, &invalid.message),
            None => ConfigError { key, ..Self::file(file, &invalid.message) },
        }
    }

    /// Converts a TOML parse or schema error, adding a "did you mean" to unknown keys and names.
    pub fn from_toml(file: &Path, text: &str, err: &toml::de::Error) -> Self {
        let message = with_suggestion(err.message().trim());
        match err.span() {
            Some(span) => {
                let key = key_at(text, span.start);
                Self::at_offset(file, text, span.start, key, message)
            }
            None => Self::file(file, message),
        }
    }
}

/// Longest source line quoted in an error, in characters: a huge line is cut (an error about a
/// 100 MB line must not print it).
pub const MAX_EXCERPT: usize = 200;

fn short_excerpt(line: &str) -> String {
    if line.chars().count() <= MAX_EXCERPT {
        line.to_string()
    } else {
        let mut s: String = line.chars().take(MAX_EXCERPT).collect();
        s.push('…');
        s
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// The name of the key whose value starts at `offset`, when it can be read off the line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let (line, _) = line_col(text, offset);
    let l = text.lines().nth(line - 1)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty() && !k.starts_with('[') && !k.contains('{')).then(|| k.to_string())
}

/// The byte span of the value (or key) at `path` in `text`.
pub fn locate(text: &str, path: &KeyPath) -> Option<Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut cur: Option<&DeValue> = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    for seg in &path.0 {
        match seg {
            Seg::Key(k) => {
                let t = match cur {
                    None => table?,
                    Some(DeValue::Table(t)) => t,
                    _ => return Some(span),
                };
                let Some((key, v)) = t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str()) else {
                    return Some(span);
                };
                span = if matches!(v.get_ref(), DeValue::Table(_)) { key.span() } else { v.span() };
                cur = Some(v.get_ref());
                table = None;
            }
            Seg::Index(i) => match cur {
                Some(DeValue::Array(a)) => match a.get(*i) {
                    Some(v) => {
                        span = v.span();
                        cur = Some(v.get_ref());
                    }
                    None => return Some(span),
                },
                _ => return Some(span),
            },
        }
    }
    Some(span)
}

/// Levenshtein distance, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for a word among candidates, or an empty string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default()
}

/// Adds a suggestion to serde's "unknown field `x`, expected one of `a`, `b`" and
/// "unknown variant" messages.
pub(crate) fn with_suggestion(message: &str) -> String {
    for prefix in ["unknown field `", "unknown variant `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((word, tail)) = rest.split_once('`')
        {
            let candidates: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let hint = did_you_mean(word, candidates);
            if !hint.is_empty() {
                return format!("{message}{hint}");
            }
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_print_like_toml() {
        let p = KeyPath::root().at("behaviour").at("US admin").at("rules").at(2usize).at("play");
        assert_eq!(p.to_string(), "behaviour.\"US admin\".rules[2].play");
    }

    #[test]
    fn locates_nested_values() {
        let text = "[repeat]\nrounds = 0\n\n[behaviour.Row]\nrule = \"reactive\"\nrules = [ { play = \"C\" }, { play = \"X\" } ]\n";
        let span = locate(text, &KeyPath::root().at("repeat").at("rounds")).unwrap();
        assert_eq!(line_col(text, span.start), (2, 10));
        let p = KeyPath::root().at("behaviour").at("Row").at("rules").at(1usize).at("play");
        let span = locate(text, &p).unwrap();
        assert_eq!(&text[span.clone()], "\"X\"");
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("epsilom", ["epsilon", "prior"]), Some("epsilon"));
        assert_eq!(closest("rounds", ["seed", "runs", "rounds"]), Some("rounds"));
        assert_eq!(closest("zzzzzz", ["epsilon", "prior"]), None);
        let m = with_suggestion("unknown field `rouns`, expected one of `rounds`, `runs`, `seed`");
        assert!(m.ends_with("(did you mean `rounds`?)"), "{m}");
    }
}
