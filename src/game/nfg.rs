//! Reader and writer for Gambit's strategic-form `.nfg` format.
//!
//! Both variants of the format are read: the payoff list (`{ 3 2 }` dimensions, then one payoff
//! per player per profile) and the outcome list (named strategies, a list of outcomes, then one
//! outcome number per profile, 0 meaning the null outcome). Profiles run with the first player's
//! strategy changing fastest. Numbers may be integers, decimals, exponents or fractions (`1/3`)
//! and are kept exactly. Format reference: the Gambit manual, "Game representation formats"
//! (<https://gambitproject.readthedocs.io/en/latest/formats.html>).

use super::rational::{self, Rational};
use super::{NormalForm, PlayerSpec};
use std::fmt::Write as _;

/// A syntax or content error, with the 1-based line and column where it was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct NfgError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Str(String),
    Word(String),
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0, line: 1, column: 1 }
    }

    fn err(&self, line: usize, column: usize, message: impl Into<String>) -> NfgError {
        NfgError { line, column, message: message.into() }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Next token with its line and column; commas count as whitespace.
    fn next(&mut self) -> Result<Option<(Tok, usize, usize)>, NfgError> {
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == ',' {
                self.bump();
            } else {
                break;
            }
        }
        let (line, column) = (self.line, self.column);
        let Some(c) = self.bump() else { return Ok(None) };
        let tok = match c {
            '{' => Tok::Open,
            '}' => Tok::Close,
            '"' => {
                let mut s = String::new();
                loop {
                    match self.bump() {
                        None => return Err(self.err(line, column, "unterminated string")),
                        Some('\\') => match self.bump() {
                            Some(e) => s.push(e),
                            None => return Err(self.err(line, column, "unterminated string")),
                        },
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                    }
                }
                Tok::Str(s)
            }
            _ => {
                let mut s = String::from(c);
                while let Some(ch) = self.peek() {
                    if ch.is_whitespace() || matches!(ch, '{' | '}' | '"' | ',') {
                        break;
                    }
                    s.push(ch);
                    self.bump();
                }
                Tok::Word(s)
            }
        };
        Ok(Some((tok, line, column)))
    }
}

struct Parser<'a> {
    lex: Lexer<'a>,
    peeked: Option<(Tok, usize, usize)>,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Option<&(Tok, usize, usize)>, NfgError> {
        if self.peeked.is_none() {
            self.peeked = self.lex.next()?;
        }
        Ok(self.peeked.as_ref())
    }

    fn next(&mut self, what: &str) -> Result<(Tok, usize, usize), NfgError> {
        if let Some(t) = self.peeked.take() {
            return Ok(t);
        }
        match self.lex.next()? {
            Some(t) => Ok(t),
            None => {
                Err(self.lex.err(self.lex.line, self.lex.column, format!("unexpected end of file, expected {what}")))
            }
        }
    }

    fn expect_open(&mut self, what: &str) -> Result<(), NfgError> {
        match self.next(what)? {
            (Tok::Open, _, _) => Ok(()),
            (t, l, c) => Err(self.lex.err(l, c, format!("expected `{{` to start {what}, found {}", show(&t)))),
        }
    }

    fn string(&mut self, what: &str) -> Result<String, NfgError> {
        match self.next(what)? {
            (Tok::Str(s), _, _) => Ok(s),
            (t, l, c) => Err(self.lex.err(l, c, format!("expected {what} (a quoted string), found {}", show(&t)))),
        }
    }

    fn number(&mut self, what: &str) -> Result<(Rational, usize, usize), NfgError> {
        match self.next(what)? {
            (Tok::Word(w), l, c) => match rational::parse(&w) {
                Some(r) => Ok((r, l, c)),
                None => Err(self.lex.err(l, c, format!("expected {what}, found `{w}`, which is not a number"))),
            },
            (t, l, c) => Err(self.lex.err(l, c, format!("expected {what}, found {}", show(&t)))),
        }
    }

    /// `{ "a" "b" ... }`
    fn string_list(&mut self, what: &str) -> Result<Vec<String>, NfgError> {
        self.expect_open(what)?;
        let mut out = Vec::new();
        loop {
            match self.next(what)? {
                (Tok::Close, _, _) => return Ok(out),
                (Tok::Str(s), _, _) => out.push(s),
                (t, l, c) => {
                    return Err(self.lex.err(l, c, format!("expected a quoted name in {what}, found {}", show(&t))));
                }
            }
        }
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Open => "`{`".into(),
        Tok::Close => "`}`".into(),
        Tok::Str(s) => format!("the string \"{s}\""),
        Tok::Word(w) => format!("`{w}`"),
    }
}

const MAX_NFG_PROFILES: u128 = 10_000_000;

/// Parses the text of a `.nfg` file.
pub fn parse(text: &str) -> Result<NormalForm, NfgError> {
    let mut p = Parser { lex: Lexer::new(text), peeked: None };
    match p.next("the `NFG` header")? {
        (Tok::Word(w), _, _) if w == "NFG" => {}
        (t, l, c) => return Err(p.lex.err(l, c, format!("expected the header `NFG 1 R`, found {}", show(&t)))),
    }
    match p.next("the format version")? {
        (Tok::Word(w), _, _) if w == "1" => {}
        (t, l, c) => return Err(p.lex.err(l, c, format!("expected format version 1, found {}", show(&t)))),
    }
    match p.next("the number type `R` or `D`")? {
        (Tok::Word(w), _, _) if w == "R" || w == "D" => {}
        (t, l, c) => return Err(p.lex.err(l, c, format!("expected `R` or `D` after `NFG 1`, found {}", show(&t)))),
    }
    let title = p.string("the game's title")?;
    let (_, pl, pc) =
        p.peek()?.cloned().ok_or_else(|| p.lex.err(p.lex.line, p.lex.column, "unexpected end of file"))?;
    let player_names = p.string_list("the list of player names")?;
    if player_names.is_empty() || player_names.len() > super::MAX_PLAYERS {
        return Err(p.lex.err(
            pl,
            pc,
            format!("a game needs 1 to {} players, found {}", super::MAX_PLAYERS, player_names.len()),
        ));
    }
    // Either `{ 3 2 }` (payoff-list variant) or `{ { "a" "b" } { "c" "d" } }` (outcome variant).
    p.expect_open("the strategy dimensions")?;
    let mut strategies: Vec<Vec<String>> = Vec::new();
    let outcome_form = matches!(p.peek()?, Some((Tok::Open, _, _)));
    for i in 0..player_names.len() {
        if outcome_form {
            strategies.push(p.string_list("a player's strategy names")?);
        } else {
            let (k, l, c) = p.number("a strategy count")?;
            let k = match k.is_integer().then(|| num_traits::ToPrimitive::to_usize(&k.to_integer())).flatten() {
                Some(k) => k,
                None => return Err(p.lex.err(l, c, "a strategy count must be a positive integer")),
            };
            if !(1..=super::MAX_ACTIONS).contains(&k) {
                return Err(p.lex.err(
                    l,
                    c,
                    format!("player {} has {k} strategies; 1 to {} are allowed", i + 1, super::MAX_ACTIONS),
                ));
            }
            strategies.push((1..=k).map(|s| s.to_string()).collect());
        }
    }
    match p.next("`}` closing the strategy dimensions")? {
        (Tok::Close, _, _) => {}
        (t, l, c) => {
            return Err(p.lex.err(
                l,
                c,
                format!("expected `}}` after {} players' strategies, found {}", player_names.len(), show(&t)),
            ));
        }
    }
    for (i, s) in strategies.iter().enumerate() {
        if s.is_empty() || s.len() > super::MAX_ACTIONS {
            return Err(p.lex.err(
                pl,
                pc,
                format!("player {} has {} strategies; 1 to {} are allowed", i + 1, s.len(), super::MAX_ACTIONS),
            ));
        }
    }
    let n_profiles: u128 = strategies.iter().map(|s| s.len() as u128).product();
    if n_profiles > MAX_NFG_PROFILES {
        return Err(p.lex.err(
            pl,
            pc,
            format!("the game has {n_profiles} profiles, more than the limit of {MAX_NFG_PROFILES}"),
        ));
    }
    let n_profiles = n_profiles as usize;
    let n = player_names.len();
    // An optional comment string.
    if let Some((Tok::Str(_), _, _)) = p.peek()? {
        p.next("a comment")?;
    }
    let mut payoffs: Vec<Rational> = Vec::with_capacity(n_profiles * n);
    if matches!(p.peek()?, Some((Tok::Open, _, _))) {
        // Outcome-list variant.
        p.expect_open("the outcome list")?;
        let mut outcomes: Vec<Vec<Rational>> = Vec::new();
        loop {
            match p.next("an outcome or `}`")? {
                (Tok::Close, _, _) => break,
                (Tok::Open, _, _) => {
                    p.string("the outcome's name")?;
                    let mut pay = Vec::with_capacity(n);
                    for _ in 0..n {
                        pay.push(p.number("an outcome payoff")?.0);
                    }
                    match p.next("`}` closing the outcome")? {
                        (Tok::Close, _, _) => {}
                        (t, l, c) => {
                            return Err(p.lex.err(
                                l,
                                c,
                                format!("an outcome has one payoff per player ({n}); found {} after them", show(&t)),
                            ));
                        }
                    }
                    outcomes.push(pay);
                }
                (t, l, c) => {
                    return Err(p.lex.err(
                        l,
                        c,
                        format!("expected an outcome `{{ \"name\" payoffs }}`, found {}", show(&t)),
                    ));
                }
            }
        }
        let zero = vec![Rational::from_integer(0.into()); n];
        for _ in 0..n_profiles {
            let (k, l, c) = p.number("an outcome number")?;
            let idx = k.is_integer().then(|| num_traits::ToPrimitive::to_usize(&k.to_integer())).flatten();
            match idx {
                Some(0) => payoffs.extend(zero.iter().cloned()),
                Some(i) if i <= outcomes.len() => payoffs.extend(outcomes[i - 1].iter().cloned()),
                _ => {
                    return Err(p.lex.err(
                        l,
                        c,
                        format!(
                            "outcome number {} does not exist (the game defines {})",
                            rational::to_string(&k),
                            outcomes.len()
                        ),
                    ));
                }
            }
        }
    } else {
        for _ in 0..n_profiles * n {
            payoffs.push(p.number("a payoff")?.0);
        }
    }
    if let Some((t, l, c)) = p.peek()?.cloned() {
        return Err(p.lex.err(
            l,
            c,
            format!("unexpected {} after the last payoff ({} players x {n_profiles} profiles were read)", show(&t), n),
        ));
    }
    let players: Vec<PlayerSpec> =
        player_names.into_iter().zip(strategies).map(|(name, actions)| PlayerSpec { name, actions }).collect();
    NormalForm::new(title, players, payoffs).map_err(|e| NfgError { line: pl, column: pc, message: e.to_string() })
}

/// Writes `game` as a `.nfg` file (payoff-list variant, with player and strategy names; exact payoffs).
pub fn write(game: &NormalForm) -> String {
    let mut s = String::new();
    let _ = write!(s, "NFG 1 R {}", quote(game.title()));
    s.push_str("\n{");
    for p in super::Game::players(game) {
        let _ = write!(s, " {}", quote(&p.name));
    }
    s.push_str(" }\n{");
    for p in super::Game::players(game) {
        s.push_str(" {");
        for a in &p.actions {
            let _ = write!(s, " {}", quote(a));
        }
        s.push_str(" }");
    }
    s.push_str(" }\n\"\"\n\n{\n");
    let n = super::Game::n_players(game);
    for idx in 0..game.n_profiles() {
        s.push_str("{ \"\"");
        for i in 0..n {
            let _ = write!(s, "{}{}", if i == 0 { " " } else { ", " }, rational::to_string(game.exact_payoff(idx, i)));
        }
        s.push_str(" }\n");
    }
    s.push_str("}\n");
    let mut line = String::new();
    for idx in 0..game.n_profiles() {
        if !line.is_empty() {
            line.push(' ');
        }
        let _ = write!(line, "{}", idx + 1);
        if line.len() > 90 {
            s.push_str(&line);
            s.push('\n');
            line.clear();
        }
    }
    if !line.is_empty() {
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn quote(text: &str) -> String {
    let mut q = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;

    #[test]
    fn reads_the_payoff_list_variant() {
        let g = parse("NFG 1 R \"PD\" { \"Row\" \"Col\" } { 2 2 }\n\n3 3 5 0 0 5 1 1\n").unwrap();
        assert_eq!(g.title(), "PD");
        assert_eq!(g.shape(), &[2, 2]);
        assert_eq!(g.payoff(&[1, 0], 0), 5.0);
        assert_eq!(g.payoff(&[0, 1], 1), 5.0);
        assert_eq!(g.players()[0].actions, vec!["1", "2"]);
    }

    #[test]
    fn reads_the_outcome_variant_with_names_and_null_outcomes() {
        let text = r#"NFG 1 R "Outcomes" { "P1" "P2" }
{ { "U" "D" } { "L" "R" } }
"a comment"
{
{ "o1" 1, 2 }
{ "o2" 1/2, -3.5 }
}
1 0 2 1
"#;
        let g = parse(text).unwrap();
        assert_eq!(g.players()[0].actions, vec!["U", "D"]);
        assert_eq!(g.payoffs_at(0), &[1.0, 2.0]);
        assert_eq!(g.payoffs_at(1), &[0.0, 0.0]);
        assert_eq!(g.payoffs_at(2), &[0.5, -3.5]);
        assert_eq!(rational::to_string(g.exact_payoff(2, 0)), "1/2");
    }

    #[test]
    fn round_trips_through_the_writer() {
        let g =
            parse("NFG 1 R \"x\" { \"A\" \"B\" \"C\" } { 2 2 2 }\n0 0 0 1 2 -1 2 4 2 -1 2 1 -1 2 1 2 4 2 1 2 -1 0 0 0")
                .unwrap();
        let again = parse(&write(&g)).unwrap();
        assert_eq!(again.exact_table(), g.exact_table());
        assert_eq!(again.players()[2].name, "C");
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let e = parse("NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n1 2 3\n4 x 6 7 8").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert!(e.message.contains("not a number"), "{e}");
        let e = parse("NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n1 2 3").unwrap_err();
        assert!(e.message.contains("end of file"), "{e}");
        let e = parse("NFG 1 R \"t\" { \"A\" } { 2 }\n1 2 3").unwrap_err();
        assert!(e.message.contains("unexpected"), "{e}");
        let e = parse("NFG 2 R \"t\"").unwrap_err();
        assert!(e.message.contains("version"), "{e}");
        let e =
            parse("NFG 1 R \"t\" { \"A\" \"B\" }\n{ { \"U\" \"D\" } { \"L\" } }\n{ { \"\" 1 2 } }\n1 5").unwrap_err();
        assert!(e.message.contains("outcome number 5"), "{e}");
    }
}
