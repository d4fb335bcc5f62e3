//! `--set key=value`: changes to a config, written as dotted TOML keys, applied to the parsed
//! document before any check, so an override is checked exactly like the same value in the
//! file and its errors name the key and the argument that set it.
//!
//! `--runs`, `--seed` and `--rounds` are overrides too (`repeat.runs`, ...): there is one place
//! for every limit. Setting `behaviour.<player>.rule` to a different rule drops the old rule's
//! parameters, so `--set behaviour.us_admin.rule=logit` gives a logit rule with its defaults;
//! later overrides may then set its parameters.

use super::error::{ConfigError, KeyPath, Seg};
use std::fmt;

/// One change: a key path, a value, and the argument that asked for it (for errors).
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub key: Vec<String>,
    pub value: toml::Value,
    /// What the user typed, e.g. `--set repeat.rounds=32` or `--runs 10`.
    pub origin: String,
}

/// Changes to apply to a config, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides(pub Vec<Override>);

/// A `--set` argument that is not `key=value`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("`{arg}`: {message}")]
pub struct SetSyntaxError {
    pub arg: String,
    pub message: String,
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key_string(), inline(&self.value))
    }
}

fn inline(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

impl Override {
    /// The key in dotted form, quoting segments that are not bare TOML keys.
    pub fn key_string(&self) -> String {
        let mut p = KeyPath::root();
        for k in &self.key {
            p = p.at(k.as_str());
        }
        p.to_string()
    }

    /// Parses `key=value`: the key is dotted (segments may be quoted: `behaviour."US admin".rule`);
    /// the value is a TOML value (`32`, `0.5`, `true`, `[1, 2]`, `"text"`), or, when it is not
    /// one, a bare string (`logit`).
    pub fn parse(arg: &str) -> Result<Override, SetSyntaxError> {
        let err = |m: &str| SetSyntaxError { arg: format!("--set {arg}"), message: m.to_string() };
        let (key, value) = split_key_value(arg).ok_or_else(|| err("expected KEY=VALUE, e.g. repeat.rounds=32"))?;
        let key = split_key(key).ok_or_else(|| err("the key is empty or badly quoted"))?;
        let value = parse_value(value);
        Ok(Override { key, value, origin: format!("--set {arg}") })
    }
}

fn split_key_value(arg: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in arg.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '=' if !quoted => return Some((&arg[..i], &arg[i + 1..])),
            _ => {}
        }
    }
    None
}

fn split_key(key: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    for c in key.trim().chars() {
        match c {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                if cur.trim().is_empty() && !was_quoted {
                    return None;
                }
                parts.push(if was_quoted {
                    std::mem::take(&mut cur)
                } else {
                    std::mem::take(&mut cur).trim().to_string()
                });
                was_quoted = false;
            }
            _ => cur.push(c),
        }
    }
    if quoted || (cur.trim().is_empty() && !was_quoted) {
        return None;
    }
    parts.push(if was_quoted { cur } else { cur.trim().to_string() });
    Some(parts)
}

fn parse_value(text: &str) -> toml::Value {
    let doc = format!("v = {text}");
    match toml::from_str::<toml::Table>(&doc) {
        Ok(mut t) => t.remove("v").unwrap_or_else(|| toml::Value::String(text.to_string())),
        Err(_) => toml::Value::String(text.trim().to_string()),
    }
}

impl Overrides {
    pub fn new() -> Self {
        Overrides::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses every `--set` argument.
    pub fn from_set_args<S: AsRef<str>>(args: &[S]) -> Result<Overrides, SetSyntaxError> {
        Ok(Overrides(args.iter().map(|a| Override::parse(a.as_ref())).collect::<Result<_, _>>()?))
    }

    /// Adds a change given by a dedicated flag, e.g. `--runs 10` for `repeat.runs`.
    pub fn push(&mut self, key: &str, value: toml::Value, origin: impl Into<String>) {
        self.0.push(Override { key: key.split('.').map(String::from).collect(), value, origin: origin.into() });
    }

    /// These changes followed by `more`.
    pub fn then(&self, more: &Overrides) -> Overrides {
        Overrides(self.0.iter().chain(&more.0).cloned().collect())
    }

    /// A canonical text of the changes (for hashes and manifests): one `key=value` per line.
    pub fn canonical(&self) -> String {
        self.0.iter().map(|o| format!("{o}\n")).collect()
    }

    /// Applies the changes to a parsed config document.
    pub fn apply(&self, doc: &mut toml::Table) -> Result<(), (usize, String)> {
        for (i, o) in self.0.iter().enumerate() {
            let (last, parents) = o.key.split_last().expect("keys are not empty");
            let mut table = &mut *doc;
            for (depth, k) in parents.iter().enumerate() {
                let entry = table.entry(k.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
                match entry {
                    toml::Value::Table(t) => table = t,
                    other => {
                        return Err((
                            i,
                            format!(
                                "`{}` is a {}, not a table, so it has no key `{}`",
                                o.key[..=depth].join("."),
                                other.type_str(),
                                o.key[depth + 1]
                            ),
                        ));
                    }
                }
            }
            // A new rule for a player drops the old rule's parameters.
            if last == "rule" && parents.len() == 2 && parents[0] == "behaviour" && table.get("rule") != Some(&o.value)
            {
                table.clear();
            }
            table.insert(last.clone(), o.value.clone());
        }
        Ok(())
    }

    /// The override responsible for a problem at `path`: the last one whose key is a prefix of
    /// the path, or that the path is a prefix of.
    pub fn blame(&self, path: &KeyPath) -> Option<&Override> {
        let segs: Vec<&str> = path
            .0
            .iter()
            .map_while(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .collect();
        self.0.iter().rev().find(|o| {
            let n = o.key.len().min(segs.len());
            n > 0 && o.key[..n].iter().zip(&segs[..n]).all(|(a, b)| a == b)
        })
    }

    /// The override a serde message names (an unknown field or a wrong type), or the last one.
    pub fn blame_message(&self, message: &str) -> Option<&Override> {
        self.0
            .iter()
            .rev()
            .find(|o| o.key.last().is_some_and(|k| message.contains(&format!("`{k}`"))))
            .or_else(|| self.0.last())
    }
}

/// Builds the error for a problem caused by override `o`.
pub fn error_for(file: &std::path::Path, o: &Override, key: Option<String>, message: String) -> ConfigError {
    ConfigError { origin: Some(o.origin.clone()), key, ..ConfigError::file(file, message) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_values() {
        let o = Override::parse("game.params.w_bj_compute=40").unwrap();
        assert_eq!(o.key, ["game", "params", "w_bj_compute"]);
        assert_eq!(o.value, toml::Value::Integer(40));
        let o = Override::parse("behaviour.us_admin.rule=logit").unwrap();
        assert_eq!(o.value, toml::Value::String("logit".into()));
        let o = Override::parse("behaviour.\"US admin\".epsilon=0.5").unwrap();
        assert_eq!(o.key, ["behaviour", "US admin", "epsilon"]);
        assert_eq!(o.value, toml::Value::Float(0.5));
        let o = Override::parse("x.list=[1, 2]").unwrap();
        assert!(matches!(o.value, toml::Value::Array(_)));
        assert!(Override::parse("novalue").is_err());
        assert!(Override::parse("a..b=1").is_err());
        assert!(Override::parse("=1").is_err());
    }

    #[test]
    fn applies_in_order_and_a_new_rule_drops_old_parameters() {
        let mut doc: toml::Table =
            toml::from_str("[repeat]\nrounds = 5\n[behaviour.A]\nrule = \"best_response\"\nepsilon = 0.1\n").unwrap();
        let o = Overrides::from_set_args(&["repeat.rounds=9", "behaviour.A.rule=logit", "behaviour.A.temperature=2"])
            .unwrap();
        o.apply(&mut doc).unwrap();
        assert_eq!(doc["repeat"]["rounds"].as_integer(), Some(9));
        let a = doc["behaviour"]["A"].as_table().unwrap();
        assert_eq!(a.get("epsilon"), None);
        assert_eq!(a["temperature"].as_integer(), Some(2));
        let bad = Overrides::from_set_args(&["repeat.rounds.x=1"]).unwrap();
        assert!(bad.apply(&mut doc).is_err());
    }
}
