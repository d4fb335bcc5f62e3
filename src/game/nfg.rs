//! Reader and writer for Gambit's strategic-form `.nfg` format.
//!
//! Both variants of the format are read: the payoff list (`{ 3 2 }` dimensions, then one payoff
//! per player per profile) and the outcome list (named strategies, a list of outcomes, then one
//! outcome number per profile, 0 meaning the null outcome). Profiles run with the first player's
//! strategy changing fastest. Numbers may be integers, decimals, exponents or fractions (`1/3`)
//! and are kept exactly. Format reference: the Gambit manual, "Game representation formats"
//! (<https://gambitproject.readthedocs.io/en/latest/formats.html>).
//!
//! Labels are made unique and nonempty the way Gambit (16.7) does when it reads a file: an
//! empty label, and every copy of a repeated one, gets `_1`, `_2`, … appended (so two empty
//! strategy labels become `_1` and `_2`, two `x` become `x_1` and `x_2`), skipping names already
//! taken. Extensive-form (`EFG`) and action-graph (`#AGG`, `#BAGG`) files are refused by name.
//!
//! The reader works on bytes without allocating per token, and keeps payoffs as 64-bit integers
//! over a common denominator whenever they fit (see [`NormalForm::exact_scaled`]), so large
//! games parse quickly; numbers that do not fit are read exactly as arbitrary rationals.

use super::normal_form::ExactBuilder;
use super::rational::{self, Rational};
use super::{MAX_FILE_ACTIONS, MAX_PLAYERS, NormalForm, PlayerSpec};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// A syntax or content error, with the 1-based line and column where it was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct NfgError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Most profiles a `.nfg` file may describe.
pub const MAX_NFG_PROFILES: u128 = 10_000_000;

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Open,
    Close,
    Str(Cow<'a, str>),
    Word(&'a str),
}

/// A number read from the file: `n / d` with `d > 0` when it fits in 64 bits.
enum Num {
    Small(i64, i64),
    Big(Rational),
}

impl Num {
    fn to_rational(&self) -> Rational {
        match self {
            Num::Small(n, d) => Rational::new((*n).into(), (*d).into()),
            Num::Big(r) => r.clone(),
        }
    }

    /// The value as a nonnegative integer index, if it is one.
    fn to_index(&self) -> Option<usize> {
        match self {
            Num::Small(n, d) if *n >= 0 && n % d == 0 => Some((n / d) as usize),
            _ => None,
        }
    }
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b',')
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, bytes: text.as_bytes(), pos: 0 }
    }

    /// An error at byte offset `at`; the line and the (character) column are worked out here,
    /// only when an error is reported.
    fn err(&self, at: usize, message: impl Into<String>) -> NfgError {
        let at = at.min(self.text.len());
        let before = &self.bytes[..at];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + self.text[line_start..at].chars().count();
        NfgError { line, column, message: message.into() }
    }

    #[inline]
    fn skip_space(&mut self) {
        while self.pos < self.bytes.len() && is_space(self.bytes[self.pos]) {
            self.pos += 1;
        }
    }

    /// Next token and the byte offset where it starts; commas count as whitespace.
    fn next(&mut self) -> Result<Option<(Tok<'a>, usize)>, NfgError> {
        self.skip_space();
        let start = self.pos;
        let Some(&c) = self.bytes.get(start) else { return Ok(None) };
        let tok = match c {
            b'{' => {
                self.pos += 1;
                Tok::Open
            }
            b'}' => {
                self.pos += 1;
                Tok::Close
            }
            b'"' => {
                let mut i = start + 1;
                let mut escaped = false;
                loop {
                    match self.bytes.get(i) {
                        None => return Err(self.err(start, "unterminated string")),
                        Some(b'\\') => {
                            escaped = true;
                            if i + 1 >= self.bytes.len() {
                                return Err(self.err(start, "unterminated string"));
                            }
                            i += 2;
                        }
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
                self.pos = i + 1;
                let body = &self.text[start + 1..i];
                if escaped {
                    let mut s = String::with_capacity(body.len());
                    let mut chars = body.chars();
                    while let Some(ch) = chars.next() {
                        if ch == '\\' {
                            if let Some(e) = chars.next() {
                                s.push(e);
                            }
                        } else {
                            s.push(ch);
                        }
                    }
                    Tok::Str(Cow::Owned(s))
                } else {
                    Tok::Str(Cow::Borrowed(body))
                }
            }
            _ => {
                let mut i = start + 1;
                while i < self.bytes.len() && !is_space(self.bytes[i]) && !matches!(self.bytes[i], b'{' | b'}' | b'"') {
                    i += 1;
                }
                // Words end at ASCII bytes, which are always character boundaries.
                self.pos = i;
                Tok::Word(&self.text[start..i])
            }
        };
        Ok(Some((tok, start)))
    }
}

/// Parses a number exactly: integers, decimals with an optional exponent, and fractions.
/// Values whose numerator and denominator fit in 64 bits take the fast path.
fn parse_number(w: &str) -> Option<Num> {
    match fast_number(w.as_bytes()) {
        Some((n, d)) => Some(Num::Small(n, d)),
        None => {
            let r = rational::parse(w)?;
            use num_traits::ToPrimitive;
            match (r.numer().to_i64(), r.denom().to_i64()) {
                (Some(n), Some(d)) if n != i64::MIN => Some(Num::Small(n, d)),
                _ => Some(Num::Big(r)),
            }
        }
    }
}

const POW10: [i64; 19] = {
    let mut p = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The fast path of [`parse_number`]: `None` both for malformed text and for values that need
/// the general (big-number) parser, which then decides.
#[inline]
fn fast_number(b: &[u8]) -> Option<(i64, i64)> {
    let (neg, body) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let mut i = 0;
    let mut mant: u64 = 0;
    let mut digits = 0usize; // significant digits accumulated (leading zeros excluded)
    let mut int_len = 0usize;
    while i < body.len() && body[i].is_ascii_digit() {
        let v = (body[i] - b'0') as u64;
        if mant != 0 || v != 0 {
            digits += 1;
            if digits > 18 {
                return None;
            }
            mant = mant * 10 + v;
        }
        i += 1;
        int_len += 1;
    }
    let mut frac_len = 0usize;
    if i < body.len() && body[i] == b'/' {
        // A fraction: integer numerator, integer denominator (which may carry a sign).
        if int_len == 0 || i + 1 >= body.len() {
            return None;
        }
        let (dneg, den) = match body[i + 1] {
            b'-' => (true, &body[i + 2..]),
            b'+' => (false, &body[i + 2..]),
            _ => (false, &body[i + 1..]),
        };
        if den.is_empty() || den.len() > 18 || !den.iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let d = den.iter().fold(0i64, |a, &c| a * 10 + (c - b'0') as i64);
        if d == 0 {
            return None;
        }
        let n = mant as i64;
        return Some((if neg != dneg { -n } else { n }, d));
    }
    if i < body.len() && body[i] == b'.' {
        i += 1;
        while i < body.len() && body[i].is_ascii_digit() {
            let v = (body[i] - b'0') as u64;
            if mant != 0 || v != 0 {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                mant = mant * 10 + v;
            }
            i += 1;
            frac_len += 1;
        }
    }
    if int_len == 0 && frac_len == 0 {
        return None;
    }
    let mut exp: i64 = 0;
    if i < body.len() && (body[i] == b'e' || body[i] == b'E') {
        i += 1;
        let eneg = match body.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < body.len() && body[i].is_ascii_digit() {
            exp = exp * 10 + (body[i] - b'0') as i64;
            i += 1;
            if i - start > 6 {
                return None;
            }
        }
        if i == start {
            return None;
        }
        if eneg {
            exp = -exp;
        }
    }
    if i != body.len() {
        return None;
    }
    let scale = exp - frac_len as i64;
    if scale.abs() > 400 {
        return None; // the general parser refuses it
    }
    if mant == 0 {
        return Some((0, 1));
    }
    let m = mant as i64;
    let m = if neg { -m } else { m };
    if scale >= 0 {
        let f = *POW10.get(scale as usize)?;
        Some((m.checked_mul(f)?, 1))
    } else {
        let f = *POW10.get((-scale) as usize)?;
        Some((m, f))
    }
}

struct Parser<'a> {
    lex: Lexer<'a>,
    peeked: Option<(Tok<'a>, usize)>,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Option<&(Tok<'a>, usize)>, NfgError> {
        if self.peeked.is_none() {
            self.peeked = self.lex.next()?;
        }
        Ok(self.peeked.as_ref())
    }

    fn next(&mut self, what: &str) -> Result<(Tok<'a>, usize), NfgError> {
        if let Some(t) = self.peeked.take() {
            return Ok(t);
        }
        match self.lex.next()? {
            Some(t) => Ok(t),
            None => Err(self.lex.err(self.lex.pos, format!("unexpected end of file, expected {what}"))),
        }
    }

    fn expect_open(&mut self, what: &str) -> Result<(), NfgError> {
        match self.next(what)? {
            (Tok::Open, _) => Ok(()),
            (t, at) => Err(self.lex.err(at, format!("expected `{{` to start {what}, found {}", show(&t)))),
        }
    }

    fn string(&mut self, what: &str) -> Result<Cow<'a, str>, NfgError> {
        match self.next(what)? {
            (Tok::Str(s), _) => Ok(s),
            (t, at) => Err(self.lex.err(at, format!("expected {what} (a quoted string), found {}", show(&t)))),
        }
    }

    /// The next token as a number, with its offset.
    #[inline]
    fn number(&mut self, what: &str) -> Result<(Num, usize), NfgError> {
        if self.peeked.is_none() {
            // Fast path: read the word in place.
            self.lex.skip_space();
            let start = self.lex.pos;
            let bytes = self.lex.bytes;
            let mut i = start;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'{' | b'}' | b'"') {
                i += 1;
            }
            if i > start
                && let Some((n, d)) = fast_number(&bytes[start..i])
            {
                self.lex.pos = i;
                return Ok((Num::Small(n, d), start));
            }
        }
        match self.next(what)? {
            (Tok::Word(w), at) => match parse_number(w) {
                Some(r) => Ok((r, at)),
                None => Err(self.lex.err(at, format!("expected {what}, found `{w}`, which is not a number"))),
            },
            (t, at) => Err(self.lex.err(at, format!("expected {what}, found {}", show(&t)))),
        }
    }

    /// `{ "a" "b" ... }`
    fn string_list(&mut self, what: &str) -> Result<Vec<String>, NfgError> {
        self.expect_open(what)?;
        let mut out = Vec::new();
        loop {
            match self.next(what)? {
                (Tok::Close, _) => return Ok(out),
                (Tok::Str(s), _) => out.push(s.into_owned()),
                (t, at) => {
                    return Err(self.lex.err(at, format!("expected a quoted name in {what}, found {}", show(&t))));
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

/// Makes labels unique and nonempty as Gambit does when reading a file: a label that is empty
/// (or only whitespace), or that occurs more than once, gets `_1`, `_2`, … appended, counting
/// per original label and skipping names already in use.
pub fn normalize_labels(labels: &mut [String]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in labels.iter() {
        *counts.entry(l.clone()).or_default() += 1;
    }
    if labels.iter().all(|l| counts[l] == 1 && !l.trim().is_empty()) {
        return;
    }
    let mut used: HashSet<String> = labels.iter().cloned().collect();
    let mut visited: HashMap<String, usize> = HashMap::new();
    for l in labels.iter_mut() {
        if counts[l.as_str()] == 1 && !l.trim().is_empty() {
            continue;
        }
        let base = if l.trim().is_empty() { String::new() } else { l.clone() };
        let candidate = loop {
            let k = visited.entry(l.clone()).or_default();
            *k += 1;
            let c = format!("{base}_{k}");
            if !used.contains(&c) {
                break c;
            }
        };
        used.insert(candidate.clone());
        *l = candidate;
    }
}

/// Parses the text of a `.nfg` file.
pub fn parse(text: &str) -> Result<NormalForm, NfgError> {
    let mut p = Parser { lex: Lexer::new(text), peeked: None };
    let head = text.trim_start();
    if head.starts_with("#AGG") || head.starts_with("#BAGG") {
        let kind = if head.starts_with("#AGG") {
            "an action-graph game (Gambit .agg)"
        } else {
            "a Bayesian action-graph game (Gambit .bagg)"
        };
        return Err(p.lex.err(
            text.len() - head.len(),
            format!("this is {kind}, which chipgame does not read; save the game in strategic form (.nfg) instead"),
        ));
    }
    match p.next("the `NFG` header")? {
        (Tok::Word("NFG"), _) => {}
        (Tok::Word("EFG"), at) => {
            return Err(p.lex.err(
                at,
                "this is an extensive-form game (Gambit .efg), not a strategic-form .nfg file; \
                 chipgame reads strategic form only: convert the tree to its strategic form (in Gambit, \
                 `game.to_arrays()` / File > Export > .nfg) and solve that",
            ));
        }
        (t, at) => return Err(p.lex.err(at, format!("expected the header `NFG 1 R`, found {}", show(&t)))),
    }
    match p.next("the format version")? {
        (Tok::Word("1"), _) => {}
        (t, at) => return Err(p.lex.err(at, format!("expected format version 1, found {}", show(&t)))),
    }
    match p.next("the number type `R` or `D`")? {
        (Tok::Word("R" | "D"), _) => {}
        (t, at) => return Err(p.lex.err(at, format!("expected `R` or `D` after `NFG 1`, found {}", show(&t)))),
    }
    let title = p.string("the game's title")?.into_owned();
    let players_at = p.peek()?.map(|t| t.1).ok_or_else(|| p.lex.err(p.lex.pos, "unexpected end of file"))?;
    let mut player_names = p.string_list("the list of player names")?;
    if player_names.is_empty() || player_names.len() > MAX_PLAYERS {
        return Err(p
            .lex
            .err(players_at, format!("a game needs 1 to {MAX_PLAYERS} players, found {}", player_names.len())));
    }
    // Either `{ 3 2 }` (payoff-list variant) or `{ { "a" "b" } { "c" "d" } }` (outcome variant).
    p.expect_open("the strategy dimensions")?;
    let mut strategies: Vec<Vec<String>> = Vec::new();
    let outcome_form = matches!(p.peek()?, Some((Tok::Open, _)));
    for i in 0..player_names.len() {
        if outcome_form {
            strategies.push(p.string_list("a player's strategy names")?);
        } else {
            let (k, at) = p.number("a strategy count")?;
            let Some(k) = k.to_index().filter(|&k| k >= 1) else {
                return Err(p.lex.err(at, "a strategy count must be a positive integer"));
            };
            if k > MAX_FILE_ACTIONS {
                return Err(p.lex.err(
                    at,
                    format!("player {} has {k} strategies; the limit for a game file is {MAX_FILE_ACTIONS}", i + 1),
                ));
            }
            strategies.push((1..=k).map(|s| s.to_string()).collect());
        }
    }
    match p.next("`}` closing the strategy dimensions")? {
        (Tok::Close, _) => {}
        (t, at) => {
            return Err(p.lex.err(
                at,
                format!("expected `}}` after {} players' strategies, found {}", player_names.len(), show(&t)),
            ));
        }
    }
    for (i, s) in strategies.iter().enumerate() {
        if s.is_empty() || s.len() > MAX_FILE_ACTIONS {
            return Err(p.lex.err(
                players_at,
                format!(
                    "player {} has {} strategies; a game file may give a player 1 to {MAX_FILE_ACTIONS}",
                    i + 1,
                    s.len()
                ),
            ));
        }
    }
    let n_profiles: u128 = strategies.iter().map(|s| s.len() as u128).product();
    if n_profiles > MAX_NFG_PROFILES {
        return Err(p.lex.err(
            players_at,
            format!("the game has {n_profiles} profiles, more than the limit of {MAX_NFG_PROFILES} for a game file"),
        ));
    }
    let n_profiles = n_profiles as usize;
    let n = player_names.len();
    // An optional comment string.
    if let Some((Tok::Str(_), _)) = p.peek()? {
        p.next("a comment")?;
    }
    let mut payoffs = ExactBuilder::with_capacity(n_profiles * n);
    let push = |b: &mut ExactBuilder, x: &Num| match x {
        Num::Small(v, 1) => b.push_int(*v),
        Num::Small(v, d) => b.push_ratio(*v, *d),
        Num::Big(r) => b.push_rational(r.clone()),
    };
    if matches!(p.peek()?, Some((Tok::Open, _))) {
        // Outcome-list variant.
        p.expect_open("the outcome list")?;
        let mut outcomes: Vec<Vec<Num>> = Vec::new();
        loop {
            match p.next("an outcome or `}`")? {
                (Tok::Close, _) => break,
                (Tok::Open, _) => {
                    p.string("the outcome's name")?;
                    let mut pay = Vec::with_capacity(n);
                    for _ in 0..n {
                        pay.push(p.number("an outcome payoff")?.0);
                    }
                    match p.next("`}` closing the outcome")? {
                        (Tok::Close, _) => {}
                        (t, at) => {
                            return Err(p.lex.err(
                                at,
                                format!("an outcome has one payoff per player ({n}); found {} after them", show(&t)),
                            ));
                        }
                    }
                    outcomes.push(pay);
                }
                (t, at) => {
                    return Err(p
                        .lex
                        .err(at, format!("expected an outcome `{{ \"name\" payoffs }}`, found {}", show(&t))));
                }
            }
        }
        for _ in 0..n_profiles {
            let (k, at) = p.number("an outcome number")?;
            match k.to_index() {
                Some(0) => (0..n).for_each(|_| payoffs.push_int(0)),
                Some(i) if i <= outcomes.len() => outcomes[i - 1].iter().for_each(|x| push(&mut payoffs, x)),
                _ => {
                    return Err(p.lex.err(
                        at,
                        format!(
                            "outcome number {} does not exist (the game defines {})",
                            rational::to_string(&k.to_rational()),
                            outcomes.len()
                        ),
                    ));
                }
            }
        }
    } else {
        for _ in 0..n_profiles * n {
            let (x, _) = p.number("a payoff")?;
            push(&mut payoffs, &x);
        }
    }
    if let Some((t, at)) = p.peek()?.cloned() {
        return Err(p.lex.err(
            at,
            format!("unexpected {} after the last payoff ({} players x {n_profiles} profiles were read)", show(&t), n),
        ));
    }
    normalize_labels(&mut player_names);
    for s in strategies.iter_mut() {
        normalize_labels(s);
    }
    let players: Vec<PlayerSpec> =
        player_names.into_iter().zip(strategies).map(|(name, actions)| PlayerSpec { name, actions }).collect();
    NormalForm::from_builder(title, players, payoffs).map_err(|e| p.lex.err(players_at, e.to_string()))
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
    let scaled = game.exact_scaled();
    for idx in 0..game.n_profiles() {
        s.push_str("{ \"\"");
        for i in 0..n {
            s.push_str(if i == 0 { " " } else { ", " });
            match scaled {
                Some((num, 1)) => {
                    let _ = write!(s, "{}", num[idx * n + i]);
                }
                Some((num, den)) => {
                    let r = Rational::new(num[idx * n + i].into(), den.into());
                    s.push_str(&rational::to_string(&r));
                }
                None => s.push_str(&rational::to_string(game.exact_payoff(idx, i))),
            }
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
        assert_eq!(g.exact_scaled(), Some((&[3i64, 3, 5, 0, 0, 5, 1, 1][..], 1)));
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
        // Columns count characters, not bytes.
        let e = parse("NFG 1 R \"tête\" { \"A\" } { 2 }\n1 é").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn numbers_take_the_fast_path_exactly() {
        for (text, value) in [
            ("-3", "-3"),
            ("+7", "7"),
            ("0.25", "1/4"),
            (".5", "1/2"),
            ("5.", "5"),
            ("1e-3", "1/1000"),
            ("-1.5E2", "-150"),
            ("2/3", "2/3"),
            ("-4/6", "-2/3"),
            ("4/-6", "-2/3"),
            ("0.000000000000000000001", "1/1000000000000000000000"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
            ("1e18", "1000000000000000000"),
            ("1e19", "10000000000000000000"),
            ("0e400", "0"),
            ("-0.0", "0"),
        ] {
            let r = parse_number(text).unwrap_or_else(|| panic!("{text}")).to_rational();
            assert_eq!(rational::to_string(&r), value, "{text}");
            assert_eq!(Some(r), rational::parse(text), "{text}");
        }
        for bad in ["", "1/0", "abc", "1..2", "e5", "1e", "--1", "1/2/3", "0x10", "1e99999999", "nan", "inf", "-", "/2"]
        {
            assert!(parse_number(bad).is_none(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn decimal_payoffs_are_stored_over_a_common_denominator() {
        let g = parse("NFG 1 R \"d\" { \"A\" \"B\" } { 2 1 }\n0.5 -1.25 3 0.1").unwrap();
        assert_eq!(g.exact_scaled(), Some((&[10i64, -25, 60, 2][..], 20)));
        assert_eq!(g.payoffs_at(1), &[3.0, 0.1]);
        assert_eq!(rational::to_string(g.exact_payoff(0, 1)), "-5/4");
        let big = parse("NFG 1 R \"b\" { \"A\" } { 2 }\n1/3 123456789012345678901234567890").unwrap();
        assert!(big.exact_scaled().is_none());
        assert_eq!(rational::to_string(big.exact_payoff(0, 0)), "1/3");
    }

    #[test]
    fn empty_and_repeated_labels_are_named_as_gambit_names_them() {
        let text = r#"NFG 1 R "" { "" "" }
{ { "" "x" "x" "" "x_1" } { "a" "a" } }
""
1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20
"#;
        let g = parse(text).unwrap();
        assert_eq!(g.players()[0].name, "_1");
        assert_eq!(g.players()[1].name, "_2");
        assert_eq!(g.players()[0].actions, vec!["_1", "x_2", "x_3", "_2", "x_1"]);
        assert_eq!(g.players()[1].actions, vec!["a_1", "a_2"]);
    }

    #[test]
    fn other_gambit_formats_are_refused_by_name() {
        let e = parse("EFG 2 R \"tree\" { \"1\" \"2\" }\n\"\"\n\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\n").unwrap_err();
        assert!(e.message.contains("extensive-form"), "{e}");
        let e = parse("#AGG\n#number of players:\n2\n").unwrap_err();
        assert!(e.message.contains("action-graph") && e.message.contains(".agg"), "{e}");
        let e = parse("#BAGG\n2\n").unwrap_err();
        assert!(e.message.contains(".bagg"), "{e}");
    }

    #[test]
    fn large_strategy_counts_are_accepted_up_to_the_file_limit() {
        let mut text = String::from("NFG 1 R \"big\" { \"A\" \"B\" } { 1000 2 }\n");
        for k in 0..4000 {
            let _ = write!(text, "{} ", k % 7);
        }
        let g = parse(&text).unwrap();
        assert_eq!(g.shape(), &[1000, 2]);
        let e = parse(&format!("NFG 1 R \"t\" {{ \"A\" \"B\" }} {{ {} 1 }}\n", MAX_FILE_ACTIONS + 1)).unwrap_err();
        assert!(e.message.contains(&MAX_FILE_ACTIONS.to_string()), "{e}");
    }
}
