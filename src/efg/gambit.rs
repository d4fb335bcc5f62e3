//! Reader and writer for Gambit's extensive-form `.efg` format (version 2).
//!
//! Format reference: the Gambit manual, "The extensive game (.efg) file format"
//! (<https://gambitproject.readthedocs.io/en/latest/formats.efg.html>). A file is a prologue
//! (`EFG 2 R "title" { "Player 1" "Player 2" } "optional comment"`) and the nodes in prefix
//! order, one entry each:
//!
//! * `c "name" infoset ["infoset name" { "action" prob ... }] outcome ["name" { payoffs }]`
//! * `p "name" player infoset ["infoset name" { "action" ... }] outcome ["name" { payoffs }]`
//! * `t "name" outcome ["name" { payoffs }]`
//!
//! Information sets are numbered per player (chance has its own numbers); outcome 0 is the null
//! outcome. The bracketed descriptions may be left out after the first appearance and must
//! match it when repeated. Outcomes may sit at any node (payoffs add up along a path), which is
//! how staged games are written. Numbers are integers, decimals or fractions and are kept
//! exactly; commas between payoffs are allowed. Errors give the file, line and column.

use super::EfgError;
use super::tree::{NodeKind, Owner, Tree, TreeBuilder};
use crate::game::{Rational, rational};
use num_integer::Integer;
use num_traits::One;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Str(String),
    Word(String),
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Open => "`{`".into(),
        Tok::Close => "`}`".into(),
        Tok::Str(s) => format!("the string \"{s}\""),
        Tok::Word(w) => format!("`{w}`"),
    }
}

/// A token with its 1-based line and column.
type Located = (Tok, usize, usize);

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl Lexer<'_> {
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

    /// The next token; commas count as whitespace. Errors carry (line, column, message).
    fn next(&mut self) -> Result<Option<Located>, (usize, usize, String)> {
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
                        None => return Err((line, column, "unterminated string".into())),
                        Some('\\') => match self.bump() {
                            Some(e) => s.push(e),
                            None => return Err((line, column, "unterminated string".into())),
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
    peeked: Option<Located>,
    file: &'a str,
}

impl<'a> Parser<'a> {
    fn err(&self, line: usize, column: usize, message: impl Into<String>) -> EfgError {
        EfgError::Parse { file: self.file.to_string(), line, column, message: message.into() }
    }

    fn lex_next(&mut self) -> Result<Option<Located>, EfgError> {
        self.lex.next().map_err(|(l, c, m)| self.err(l, c, m))
    }

    fn peek(&mut self) -> Result<Option<&Located>, EfgError> {
        if self.peeked.is_none() {
            self.peeked = self.lex_next()?;
        }
        Ok(self.peeked.as_ref())
    }

    fn next(&mut self, what: &str) -> Result<Located, EfgError> {
        if let Some(t) = self.peeked.take() {
            return Ok(t);
        }
        match self.lex_next()? {
            Some(t) => Ok(t),
            None => Err(self.err(self.lex.line, self.lex.column, format!("unexpected end of file, expected {what}"))),
        }
    }

    fn peek_is_str(&mut self) -> Result<bool, EfgError> {
        Ok(matches!(self.peek()?, Some((Tok::Str(_), _, _))))
    }

    fn string(&mut self, what: &str) -> Result<String, EfgError> {
        match self.next(what)? {
            (Tok::Str(s), _, _) => Ok(s),
            (t, l, c) => Err(self.err(l, c, format!("expected {what} (a quoted string), found {}", show(&t)))),
        }
    }

    fn open(&mut self, what: &str) -> Result<(), EfgError> {
        match self.next(what)? {
            (Tok::Open, _, _) => Ok(()),
            (t, l, c) => Err(self.err(l, c, format!("expected `{{` to start {what}, found {}", show(&t)))),
        }
    }

    /// A non-negative integer (player, information set or outcome number).
    fn index(&mut self, what: &str) -> Result<(usize, usize, usize), EfgError> {
        match self.next(what)? {
            (Tok::Word(w), l, c) => match w.parse::<usize>() {
                Ok(k) if k <= u32::MAX as usize => Ok((k, l, c)),
                _ => Err(self.err(l, c, format!("expected {what} (a non-negative integer), found `{w}`"))),
            },
            (t, l, c) => Err(self.err(l, c, format!("expected {what} (a non-negative integer), found {}", show(&t)))),
        }
    }

    fn number(&mut self, what: &str) -> Result<(Rational, usize, usize), EfgError> {
        match self.next(what)? {
            (Tok::Word(w), l, c) => match rational::parse(&w) {
                Some(r) => Ok((r, l, c)),
                None => Err(self.err(l, c, format!("expected {what}, found `{w}`, which is not a number"))),
            },
            (t, l, c) => Err(self.err(l, c, format!("expected {what}, found {}", show(&t)))),
        }
    }

    /// `{ "a" "b" ... }`
    fn names(&mut self, what: &str) -> Result<Vec<String>, EfgError> {
        self.open(what)?;
        let mut out = Vec::new();
        loop {
            match self.next(what)? {
                (Tok::Close, _, _) => return Ok(out),
                (Tok::Str(s), _, _) => out.push(s),
                (t, l, c) => {
                    return Err(self.err(l, c, format!("expected a quoted name in {what}, found {}", show(&t))));
                }
            }
        }
    }
}

/// How an information set or outcome was declared, for matching repeated declarations.
struct Declared {
    id: usize,
    line: usize,
}

/// Parses the text of a `.efg` file; `file` names it in error messages.
pub fn parse(text: &str, file: &str) -> Result<Tree, EfgError> {
    let mut p = Parser { lex: Lexer { text, pos: 0, line: 1, column: 1 }, peeked: None, file };
    match p.next("the `EFG` header")? {
        (Tok::Word(w), _, _) if w == "EFG" => {}
        (t, l, c) => return Err(p.err(l, c, format!("expected the header `EFG 2 R`, found {}", show(&t)))),
    }
    match p.next("the format version")? {
        (Tok::Word(w), _, _) if w == "2" => {}
        (t, l, c) => return Err(p.err(l, c, format!("expected format version 2, found {}", show(&t)))),
    }
    match p.next("the number type `R` or `D`")? {
        (Tok::Word(w), _, _) if w == "R" || w == "D" => {}
        (t, l, c) => return Err(p.err(l, c, format!("expected `R` or `D` after `EFG 2`, found {}", show(&t)))),
    }
    let title = p.string("the game's title")?;
    let (pl, pc) = match p.peek()? {
        Some((_, l, c)) => (*l, *c),
        None => (p.lex.line, p.lex.column),
    };
    let players = p.names("the list of player names")?;
    let mut b = TreeBuilder::new(title, players).map_err(|e| p.err(pl, pc, e.to_string()))?;
    let n = b.n_players();
    if p.peek_is_str()? {
        let comment = p.string("the comment")?;
        b.set_comment(comment);
    }
    // (owner, number) -> information set; owner 0 is chance, i + 1 is player i.
    let mut infosets: HashMap<(usize, usize), Declared> = HashMap::new();
    let mut outcomes: HashMap<usize, Declared> = HashMap::new();
    while let Some((tok, line, column)) = p.peek()?.cloned() {
        if b.is_complete() {
            return Err(p.err(line, column, format!("the tree is already complete, but {} follows", show(&tok))));
        }
        p.peeked = None;
        let kind_char = match &tok {
            Tok::Word(w) if w == "c" || w == "p" || w == "t" => w.clone(),
            t => return Err(p.err(line, column, format!("expected a node (`c`, `p` or `t`), found {}", show(t)))),
        };
        let name = p.string("the node's name")?;
        let kind = match kind_char.as_str() {
            "t" => NodeKind::Terminal,
            "c" => {
                let (label, l, c) = p.index("the chance information set number")?;
                if label == 0 {
                    return Err(p.err(l, c, "information set numbers start at 1"));
                }
                let h = infoset(&mut p, &mut b, &mut infosets, None, label, (l, c))?;
                NodeKind::Chance(h)
            }
            _ => {
                let (player, l, c) = p.index("the player number")?;
                if player == 0 || player > n {
                    return Err(p.err(l, c, format!("player {player} does not exist; players are numbered 1 to {n}")));
                }
                let (label, l2, c2) = p.index("the information set number")?;
                if label == 0 {
                    return Err(p.err(l2, c2, "information set numbers start at 1"));
                }
                let h = infoset(&mut p, &mut b, &mut infosets, Some(player - 1), label, (l2, c2))?;
                NodeKind::Decision(h)
            }
        };
        let outcome = outcome(&mut p, &mut b, &mut outcomes, n)?;
        b.node(name, kind, outcome).map_err(|e| p.err(line, column, e.to_string()))?;
    }
    if !b.is_complete() {
        let msg = if b.n_nodes() == 0 {
            "the file has no nodes".to_string()
        } else {
            "the file ends before the tree is complete (a node lacks children)".to_string()
        };
        return Err(p.err(p.lex.line, p.lex.column, msg));
    }
    b.finish().map_err(|e| p.err(p.lex.line, p.lex.column, e.to_string()))
}

/// An information set's description: name, actions, chance probabilities, line and column.
type Described = (String, Vec<String>, Vec<Rational>, usize, usize);

/// Reads an information set reference (and its description when present) and returns its id.
fn infoset(
    p: &mut Parser,
    b: &mut TreeBuilder,
    known: &mut HashMap<(usize, usize), Declared>,
    player: Option<usize>,
    label: usize,
    at: (usize, usize),
) -> Result<usize, EfgError> {
    let owner_key = player.map_or(0, |i| i + 1);
    let who = match player {
        None => format!("chance information set {label}"),
        Some(i) => format!("information set {label} of player {}", i + 1),
    };
    let described = p.peek_is_str()?;
    let mut decl: Option<Described> = None;
    if described {
        let (_, dl, dc) = p.peek()?.cloned().expect("peeked a string");
        let name = p.string("the information set's name")?;
        let (actions, probs) = if player.is_none() {
            p.open("the chance actions and probabilities")?;
            let mut actions = Vec::new();
            let mut probs = Vec::new();
            loop {
                match p.next("a chance action")? {
                    (Tok::Close, _, _) => break,
                    (Tok::Str(s), _, _) => {
                        actions.push(s);
                        let (pr, _, _) = p.number("the action's probability")?;
                        probs.push(pr);
                    }
                    (t, l, c) => {
                        return Err(p.err(l, c, format!("expected a quoted action name, found {}", show(&t))));
                    }
                }
            }
            (actions, probs)
        } else {
            (p.names("the list of action names")?, Vec::new())
        };
        decl = Some((name, actions, probs, dl, dc));
    }
    match known.entry((owner_key, label)) {
        Entry::Occupied(e) => {
            let d = e.get();
            if let Some((name, actions, probs, dl, dc)) = decl {
                let h = &b.infosets()[d.id];
                if h.name != name || h.actions != actions || (player.is_none() && h.probs != probs) {
                    return Err(p.err(
                        dl,
                        dc,
                        format!("{who} is described differently from its declaration on line {}", d.line),
                    ));
                }
            }
            Ok(d.id)
        }
        Entry::Vacant(v) => {
            let Some((name, actions, probs, dl, dc)) = decl else {
                return Err(p.err(at.0, at.1, format!("{who} is used before its actions are declared")));
            };
            let id = match player {
                None => b.chance_infoset(label, name, actions, probs),
                Some(i) => b.player_infoset(i, label, name, actions),
            }
            .map_err(|e| p.err(dl, dc, format!("{who}: {e}")))?;
            v.insert(Declared { id, line: dl });
            Ok(id)
        }
    }
}

/// Reads an outcome reference (and its description when present); 0 is the null outcome.
fn outcome(
    p: &mut Parser,
    b: &mut TreeBuilder,
    known: &mut HashMap<usize, Declared>,
    n: usize,
) -> Result<Option<usize>, EfgError> {
    let (label, l, c) = p.index("the outcome number")?;
    let described = p.peek_is_str()?;
    if label == 0 {
        if described {
            return Err(p.err(l, c, "outcome 0 is the null outcome and must not have a name or payoffs"));
        }
        return Ok(None);
    }
    let mut decl = None;
    if described {
        let (_, dl, dc) = p.peek()?.cloned().expect("peeked a string");
        let name = p.string("the outcome's name")?;
        p.open("the outcome's payoffs")?;
        let mut pays = Vec::new();
        loop {
            match p.peek()? {
                Some((Tok::Close, _, _)) => {
                    p.peeked = None;
                    break;
                }
                _ => {
                    let (x, _, _) = p.number("a payoff")?;
                    pays.push(x);
                }
            }
        }
        if pays.len() != n {
            return Err(p.err(
                dl,
                dc,
                format!("outcome {label} has {} payoffs, but the game has {n} players", pays.len()),
            ));
        }
        decl = Some((name, pays, dl));
    }
    match known.entry(label) {
        Entry::Occupied(e) => {
            let d = e.get();
            if let Some((name, pays, dl)) = decl {
                let o = &b.outcomes()[d.id];
                if o.name != name || o.payoffs != pays {
                    return Err(p.err(
                        dl,
                        c,
                        format!("outcome {label} is described differently from its declaration on line {}", d.line),
                    ));
                }
            }
            Ok(Some(d.id))
        }
        Entry::Vacant(v) => {
            let Some((name, pays, dl)) = decl else {
                return Err(p.err(l, c, format!("outcome {label} is used before its payoffs are declared")));
            };
            let id = b.outcome(label, name, pays).map_err(|e| p.err(dl, c, e.to_string()))?;
            v.insert(Declared { id, line: dl });
            Ok(Some(id))
        }
    }
}

/// An exact number as text: a terminating decimal when there is one (`0.25`), else `p/q`.
pub fn number_text(x: &Rational) -> String {
    let den = x.denom().clone();
    let (mut d, mut twos, mut fives) = (den.clone(), 0u32, 0u32);
    let two = num_bigint::BigInt::from(2);
    let five = num_bigint::BigInt::from(5);
    while d.is_multiple_of(&two) {
        d /= &two;
        twos += 1;
    }
    while d.is_multiple_of(&five) {
        d /= &five;
        fives += 1;
    }
    if !d.is_one() || den.is_one() {
        return rational::to_string(x);
    }
    let places = twos.max(fives);
    let scaled = x * Rational::from_integer(num_traits::pow(num_bigint::BigInt::from(10), places as usize));
    let digits = scaled.to_integer();
    let neg = digits < num_bigint::BigInt::from(0);
    let s = digits.magnitude().to_string();
    let places = places as usize;
    let s = if s.len() <= places { format!("{}{}", "0".repeat(places + 1 - s.len()), s) } else { s };
    let (int, frac) = s.split_at(s.len() - places);
    format!("{}{int}.{frac}", if neg { "-" } else { "" })
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Writes a tree as a `.efg` file (version 2); information sets and outcomes are written in full
/// at every node, numbers exactly. Reading the text back gives the same tree.
pub fn write(tree: &Tree) -> String {
    let mut s = String::new();
    let players: Vec<String> = tree.players().iter().map(|p| quoted(p)).collect();
    let _ = writeln!(s, "EFG 2 R {} {{ {} }}", quoted(tree.title()), players.join(" "));
    let _ = writeln!(s, "{}", quoted(tree.comment()));
    s.push('\n');
    for node in tree.nodes() {
        match node.kind {
            NodeKind::Terminal => {
                let _ = write!(s, "t {}", quoted(&node.name));
            }
            NodeKind::Chance(h) => {
                let set = tree.infoset(h);
                let acts: Vec<String> = set
                    .actions
                    .iter()
                    .zip(&set.probs)
                    .map(|(a, p)| format!("{} {}", quoted(a), number_text(p)))
                    .collect();
                let _ =
                    write!(s, "c {} {} {} {{ {} }}", quoted(&node.name), set.label, quoted(&set.name), acts.join(" "));
            }
            NodeKind::Decision(h) => {
                let set = tree.infoset(h);
                let Owner::Player(i) = set.owner else { unreachable!("decision nodes belong to players") };
                let acts: Vec<String> = set.actions.iter().map(|a| quoted(a)).collect();
                let _ = write!(
                    s,
                    "p {} {} {} {} {{ {} }}",
                    quoted(&node.name),
                    i + 1,
                    set.label,
                    quoted(&set.name),
                    acts.join(" ")
                );
            }
        }
        match node.outcome {
            None => s.push_str(" 0\n"),
            Some(o) => {
                let out = &tree.outcomes()[o];
                let pays: Vec<String> = out.payoffs.iter().map(number_text).collect();
                let _ = writeln!(s, " {} {} {{ {} }}", out.label, quoted(&out.name), pays.join(", "));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAYES: &str = r#"EFG 2 R "General Bayes game, one stage" { "Player 1" "Player 2" }
c "ROOT" 1 "(0,1)" { "1G" 0.500000 "1B" 0.500000 } 0
c "" 2 "(0,2)" { "2g" 0.500000 "2b" 0.500000 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10.000000 2.000000 }
t "" 2 "Outcome 2" { 0.000000 10.000000 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 3 "Outcome 3" { 2.000000 4.000000 }
t "" 4 "Outcome 4" { 4.000000 0.000000 }
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 5 "Outcome 5" { 10.000000 2.000000 }
t "" 6 "Outcome 6" { 0.000000 10.000000 }
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 7 "Outcome 7" { 2.000000 4.000000 }
t "" 8 "Outcome 8" { 4.000000 0.000000 }
c "" 3 "(0,3)" { "2g" 0.500000 "2b" 0.500000 } 0
p "" 1 2 "(1,2)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 9 "Outcome 9" { 4.000000 2.000000 }
t "" 10 "Outcome 10" { 2.000000 10.000000 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 11 "Outcome 11" { 0.000000 4.000000 }
t "" 12 "Outcome 12" { 10.000000 2.000000 }
p "" 1 2 "(1,2)" { "H" "L" } 0
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 13 "Outcome 13" { 4.000000 2.000000 }
t "" 14 "Outcome 14" { 2.000000 10.000000 }
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 15 "Outcome 15" { 0.000000 4.000000 }
t "" 16 "Outcome 16" { 10.000000 0.000000 }
"#;

    /// A two-stage game with outcomes at inner nodes and repeated short references.
    const STAGED: &str = r#"EFG 2 R "staged" { "A" "B" } "a comment"
p "" 1 1 "" { "x" "y" } 1 "stage one" { 1, 1/3 }
t "" 2 "end" { 2, 0 }
p "" 2 1 "" { "u" "v" } 0
t "" 2
t "" 0
"#;

    #[test]
    fn reads_the_manuals_sample() {
        let t = parse(BAYES, "bayes.efg").unwrap();
        assert_eq!(t.n_players(), 2);
        assert_eq!(t.leaves().len(), 16);
        assert_eq!(t.infosets().len(), 3 + 4);
        assert_eq!(t.player_infosets(0).len(), 2);
        assert!(t.has_perfect_recall() && !t.has_perfect_information());
        assert_eq!(t.infoset(0).probs[0], Rational::new(1.into(), 2.into()));
    }

    #[test]
    fn outcomes_at_inner_nodes_add_to_the_leaves() {
        let t = parse(STAGED, "staged.efg").unwrap();
        assert_eq!(t.comment(), "a comment");
        let third = Rational::new(1.into(), 3.into());
        let q = |n: i64| Rational::from_integer(n.into());
        assert_eq!(t.payoffs_at(1), &[q(3), third.clone()]);
        assert_eq!(t.payoffs_at(3), &[q(3), third.clone()]);
        assert_eq!(t.payoffs_at(4), &[q(1), third]);
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_tree() {
        for text in [BAYES, STAGED] {
            let t = parse(text, "x.efg").unwrap();
            let written = write(&t);
            let back = parse(&written, "y.efg").unwrap();
            assert_eq!(t, back, "{written}");
        }
    }

    #[test]
    fn numbers_are_written_exactly() {
        let q = |n: i64, d: i64| Rational::new(n.into(), d.into());
        assert_eq!(number_text(&q(1, 4)), "0.25");
        assert_eq!(number_text(&q(-1, 20)), "-0.05");
        assert_eq!(number_text(&q(1, 3)), "1/3");
        assert_eq!(number_text(&q(7, 1)), "7");
        assert_eq!(number_text(&q(-51, 5)), "-10.2");
    }

    #[test]
    fn errors_name_the_file_line_and_problem() {
        let cases: &[(&str, &str, &str)] = &[
            ("EFG 3 R \"\" { \"A\" }\nt \"\" 0\n", "g.efg:1:5:", "version 2"),
            (
                "EFG 2 R \"\" { \"A\" }\np \"\" 2 1 \"\" { \"a\" } 0\nt \"\" 0\n",
                "g.efg:2:6:",
                "player 2 does not exist",
            ),
            ("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 0\n", "g.efg:2:8:", "used before its actions"),
            (
                "EFG 2 R \"\" { \"A\" }\nc \"\" 1 \"\" { \"a\" 1/2 \"b\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n",
                "g.efg:2:8:",
                "sum to 5/6",
            ),
            ("EFG 2 R \"\" { \"A\" \"B\" }\nt \"\" 1 \"o\" { 1 }\n", "g.efg:2:8:", "1 payoffs, but the game has 2"),
            (
                "EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n",
                "g.efg:4:1:",
                "before the tree is complete",
            ),
            ("EFG 2 R \"\" { \"A\" }\nt \"\" 0\nt \"\" 0\n", "g.efg:3:1:", "already complete"),
            ("EFG 2 R \"\" { \"A\" }\nt \"\" 1 \"o\" { x }\n", "g.efg:2:14:", "not a number"),
            (
                "EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\np \"\" 1 1 \"\" { \"a\" \"c\" } 0\n",
                "g.efg:3:10:",
                "described differently",
            ),
        ];
        for (text, loc, what) in cases {
            let e = parse(text, "g.efg").unwrap_err().to_string();
            assert!(e.starts_with(loc) && e.contains(what), "{text:?}: {e}");
        }
    }
}
