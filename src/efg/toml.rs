//! A TOML format for small game trees written by hand.
//!
//! ```toml
//! title = "Entry deterrence"
//! description = "Selten's chain-store stage game."   # optional
//! players = ["Entrant", "Incumbent"]
//!
//! [[node]]                      # the first node is the root
//! id = "entry"
//! player = "Entrant"
//! moves = [
//!   { action = "Out", payoffs = [0, 2] },          # a move to a leaf
//!   { action = "In", next = "respond" },           # a move to another node
//! ]
//!
//! [[node]]
//! id = "respond"
//! player = "Incumbent"
//! moves = [
//!   { action = "Fight", payoffs = [-1, -1] },
//!   { action = "Accommodate", payoffs = [1, 1] },
//! ]
//! ```
//!
//! Keys of the top level: `title`, `description`, `players`, `node` (every other key is an
//! error). Keys of a node: `id` (unique), `player` (a player's name, or `"chance"`), `infoset`
//! (optional: the nodes of one player with the same `infoset` name form one information set and
//! must list the same actions), `moves`, and `payoffs` (at a leaf node without moves; at an inner
//! node, payoffs added to every leaf below it, as Gambit's outcomes at inner nodes are). Keys of
//! a move: `action`, `prob` (chance moves only), and either `next` (the id of the node it leads
//! to) or `payoffs` (it ends the game). Every node but the first is the `next` of exactly one
//! move. Numbers are integers, decimals or fractions in quotes (`"1/3"`), all kept exactly; a
//! chance node's probabilities must sum to 1. Errors give the file, line, column and key, e.g.
//! `trees/entry.toml:12:20: node[1].moves[0].prob: only chance moves have a probability`.

use super::tree::{NodeKind, Tree, TreeBuilder};
use super::{EfgError, MAX_NODES};
use crate::game::{MAX_PLAYERS, Rational, rational};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// The top level of a tree file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTree {
    pub title: Option<String>,
    pub description: Option<String>,
    pub players: Spanned<Vec<Spanned<String>>>,
    pub node: Spanned<Vec<RawNode>>,
}

/// One `[[node]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub id: Spanned<String>,
    pub player: Option<Spanned<String>>,
    pub infoset: Option<Spanned<String>>,
    #[serde(default)]
    pub moves: Option<Spanned<Vec<RawMove>>>,
    pub payoffs: Option<Spanned<Vec<Spanned<Number>>>>,
}

/// One move of a node.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMove {
    pub action: Spanned<String>,
    pub prob: Option<Spanned<Number>>,
    pub next: Option<Spanned<String>>,
    pub payoffs: Option<Spanned<Vec<Spanned<Number>>>>,
}

/// A number: an integer, a float (taken as its shortest decimal), or a string such as `"1/3"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Number {
    fn exact(&self) -> Option<Rational> {
        match self {
            Number::Int(i) => Some(Rational::from_integer((*i).into())),
            Number::Float(x) => rational::from_f64(*x),
            Number::Text(s) => rational::parse(s),
        }
    }
}

/// Whether `text` looks like a tree file (a TOML document with `[[node]]` tables), so callers can
/// tell trees from scenario configs.
pub fn looks_like_tree(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("node"))
}

/// Converts a byte offset to a 1-based line and column.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Ctx<'a> {
    text: &'a str,
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, key: &str, message: impl std::fmt::Display) -> EfgError {
        let (line, column) = line_col(self.text, span.start);
        EfgError::Parse { file: self.file.to_string(), line, column, message: format!("{key}: {message}") }
    }
}

fn payoffs(ctx: &Ctx, raw: &Spanned<Vec<Spanned<Number>>>, n: usize, key: &str) -> Result<Vec<Rational>, EfgError> {
    if raw.get_ref().len() != n {
        return Err(ctx.err(
            raw.span(),
            key,
            format!(
                "{} payoffs given, the game has {n} players (one payoff each, in the order of `players`)",
                raw.get_ref().len()
            ),
        ));
    }
    raw.get_ref()
        .iter()
        .enumerate()
        .map(|(j, x)| {
            x.get_ref()
                .exact()
                .ok_or_else(|| ctx.err(x.span(), &format!("{key}[{j}]"), "not a number (use 3, -1.5 or \"2/3\")"))
        })
        .collect()
}

/// Parses a TOML tree; `file` names it in error messages.
pub fn parse(text: &str, file: &str) -> Result<Tree, EfgError> {
    let ctx = Ctx { text, file };
    let raw: RawTree = ::toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        EfgError::Parse { file: file.to_string(), line, column, message: e.message().trim().to_string() }
    })?;
    build(&ctx, raw)
}

fn build(ctx: &Ctx, raw: RawTree) -> Result<Tree, EfgError> {
    let players: Vec<String> = raw.players.get_ref().iter().map(|p| p.get_ref().clone()).collect();
    if players.is_empty() || players.len() > MAX_PLAYERS {
        return Err(ctx.err(raw.players.span(), "players", format!("a game needs 1 to {MAX_PLAYERS} players")));
    }
    for (i, p) in raw.players.get_ref().iter().enumerate() {
        let name = p.get_ref();
        if name.trim().is_empty() || name == "chance" || players[..i].contains(name) {
            return Err(ctx.err(
                p.span(),
                &format!("players[{i}]"),
                format!("`{name}`: player names must be non-empty, distinct and not `chance`"),
            ));
        }
    }
    let n = players.len();
    let nodes = raw.node.get_ref();
    if nodes.is_empty() {
        return Err(ctx.err(raw.node.span(), "node", "the tree needs at least one node"));
    }
    if nodes.len() > MAX_NODES {
        return Err(EfgError::limit("the number of nodes", nodes.len(), MAX_NODES as u128));
    }
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (k, node) in nodes.iter().enumerate() {
        if by_id.insert(node.id.get_ref().as_str(), k).is_some() {
            return Err(ctx.err(
                node.id.span(),
                &format!("node[{k}].id"),
                format!("`{}` is used twice", node.id.get_ref()),
            ));
        }
    }
    // Each node but the root is the target of exactly one move.
    let mut parent: Vec<Option<String>> = vec![None; nodes.len()];
    for (k, node) in nodes.iter().enumerate() {
        let key = format!("node[{k}]");
        let Some(moves) = &node.moves else {
            if node.payoffs.is_none() {
                return Err(ctx.err(node.id.span(), &key, "a node needs `moves`, or `payoffs` if it is a leaf"));
            }
            if node.player.is_some() || node.infoset.is_some() {
                return Err(ctx.err(
                    node.id.span(),
                    &key,
                    "a leaf (a node without `moves`) has no `player` or `infoset`",
                ));
            }
            continue;
        };
        if moves.get_ref().is_empty() {
            return Err(ctx.err(moves.span(), &format!("{key}.moves"), "a node needs at least one move"));
        }
        for (a, mv) in moves.get_ref().iter().enumerate() {
            let mkey = format!("{key}.moves[{a}]");
            match (&mv.next, &mv.payoffs) {
                (Some(_), Some(p)) => {
                    return Err(ctx.err(p.span(), &mkey, "a move has either `next` or `payoffs`, not both"));
                }
                (None, None) => {
                    return Err(ctx.err(mv.action.span(), &mkey, "a move needs `next` (a node id) or `payoffs`"));
                }
                (Some(next), None) => {
                    let Some(&target) = by_id.get(next.get_ref().as_str()) else {
                        return Err(ctx.err(
                            next.span(),
                            &format!("{mkey}.next"),
                            format!("no node has the id `{}`", next.get_ref()),
                        ));
                    };
                    if target == 0 {
                        return Err(ctx.err(
                            next.span(),
                            &format!("{mkey}.next"),
                            "a move cannot lead back to the root",
                        ));
                    }
                    if let Some(other) = &parent[target] {
                        return Err(ctx.err(
                            next.span(),
                            &format!("{mkey}.next"),
                            format!(
                                "node `{}` is already the next node of {other}; a tree has one path to each node",
                                next.get_ref()
                            ),
                        ));
                    }
                    parent[target] = Some(mkey.clone());
                }
                (None, Some(_)) => {}
            }
        }
    }
    for (k, node) in nodes.iter().enumerate().skip(1) {
        if parent[k].is_none() {
            return Err(ctx.err(
                node.id.span(),
                &format!("node[{k}]"),
                format!("node `{}` is not the `next` of any move (only the first node is the root)", node.id.get_ref()),
            ));
        }
    }
    let title = raw.title.unwrap_or_default();
    let mut b = TreeBuilder::new(title, players.clone())?;
    if let Some(d) = raw.description {
        b.set_comment(d);
    }
    // Information sets by (owner, name); chance nodes without a name get their own.
    let mut sets: HashMap<(Option<usize>, String), (usize, usize)> = HashMap::new();
    let mut outcome_count = 0usize;
    let mut add_outcome = |b: &mut TreeBuilder, name: String, pays: Vec<Rational>| -> Result<usize, EfgError> {
        outcome_count += 1;
        b.outcome(outcome_count, name, pays)
    };
    let mut labels = vec![0usize; n + 1];
    // Depth-first in prefix order; an entry is a node index, or a leaf move (node, move).
    enum Item {
        Node(usize),
        Leaf(usize, usize),
    }
    let mut stack = vec![Item::Node(0)];
    let mut visited = vec![false; nodes.len()];
    while let Some(item) = stack.pop() {
        match item {
            Item::Leaf(k, a) => {
                let mv = &nodes[k].moves.as_ref().expect("leaf moves come from nodes with moves").get_ref()[a];
                let key = format!("node[{k}].moves[{a}].payoffs");
                let pays = payoffs(ctx, mv.payoffs.as_ref().expect("a leaf move has payoffs"), n, &key)?;
                let o = add_outcome(&mut b, format!("{} {}", nodes[k].id.get_ref(), mv.action.get_ref()), pays)?;
                b.node("", NodeKind::Terminal, Some(o)).map_err(|e| ctx.err(mv.action.span(), &key, e))?;
            }
            Item::Node(k) => {
                if std::mem::replace(&mut visited[k], true) {
                    return Err(ctx.err(nodes[k].id.span(), &format!("node[{k}]"), "the nodes form a cycle"));
                }
                let node = &nodes[k];
                let key = format!("node[{k}]");
                let outcome = match &node.payoffs {
                    Some(p) => Some(add_outcome(
                        &mut b,
                        node.id.get_ref().clone(),
                        payoffs(ctx, p, n, &format!("{key}.payoffs"))?,
                    )?),
                    None => None,
                };
                let Some(moves) = &node.moves else {
                    b.node(node.id.get_ref().clone(), NodeKind::Terminal, outcome)
                        .map_err(|e| ctx.err(node.id.span(), &key, e))?;
                    continue;
                };
                let Some(player) = &node.player else {
                    return Err(ctx.err(
                        node.id.span(),
                        &key,
                        "a node with moves needs `player` (a player's name or \"chance\")",
                    ));
                };
                let owner = if player.get_ref() == "chance" {
                    None
                } else {
                    match players.iter().position(|p| p == player.get_ref()) {
                        Some(i) => Some(i),
                        None => {
                            return Err(ctx.err(
                                player.span(),
                                &format!("{key}.player"),
                                format!(
                                    "`{}` is not a player (expected one of {}, or \"chance\")",
                                    player.get_ref(),
                                    players.join(", ")
                                ),
                            ));
                        }
                    }
                };
                let actions: Vec<String> = moves.get_ref().iter().map(|m| m.action.get_ref().clone()).collect();
                for (a, m) in moves.get_ref().iter().enumerate() {
                    if actions[..a].contains(&actions[a]) || actions[a].trim().is_empty() {
                        return Err(ctx.err(
                            m.action.span(),
                            &format!("{key}.moves[{a}].action"),
                            format!("`{}`: action names at a node must be non-empty and distinct", actions[a]),
                        ));
                    }
                    if owner.is_some()
                        && let Some(p) = &m.prob
                    {
                        return Err(ctx.err(
                            p.span(),
                            &format!("{key}.moves[{a}].prob"),
                            "only chance moves have a probability",
                        ));
                    }
                }
                let probs: Vec<Rational> = if owner.is_none() {
                    moves
                        .get_ref()
                        .iter()
                        .enumerate()
                        .map(|(a, m)| {
                            let pkey = format!("{key}.moves[{a}].prob");
                            let p = m
                                .prob
                                .as_ref()
                                .ok_or_else(|| ctx.err(m.action.span(), &pkey, "a chance move needs `prob`"))?;
                            p.get_ref()
                                .exact()
                                .ok_or_else(|| ctx.err(p.span(), &pkey, "not a number (use 0.5 or \"1/3\")"))
                        })
                        .collect::<Result<_, _>>()?
                } else {
                    Vec::new()
                };
                let set_name = node.infoset.as_ref().map(|s| s.get_ref().clone());
                let h = match set_name.as_ref().and_then(|s| sets.get(&(owner, s.clone())).copied()) {
                    Some((h, first)) => {
                        let set = &b.infosets()[h];
                        if set.actions != actions || (owner.is_none() && set.probs != probs) {
                            let span = node.infoset.as_ref().map_or(node.id.span(), |s| s.span());
                            return Err(ctx.err(
                                span,
                                &format!("{key}.infoset"),
                                format!(
                                    "information set `{}` has the moves of node[{first}]; every node in it must list the same actions{}",
                                    set_name.as_deref().unwrap_or_default(),
                                    if owner.is_none() { " and probabilities" } else { "" }
                                ),
                            ));
                        }
                        h
                    }
                    None => {
                        let slot = owner.map_or(0, |i| i + 1);
                        labels[slot] += 1;
                        let name = set_name.clone().unwrap_or_else(|| node.id.get_ref().clone());
                        let h = match owner {
                            Some(i) => b.player_infoset(i, labels[slot], name, actions.clone()),
                            None => b.chance_infoset(labels[slot], name, actions.clone(), probs),
                        }
                        .map_err(|e| ctx.err(moves.span(), &format!("{key}.moves"), e))?;
                        if let Some(s) = set_name {
                            sets.insert((owner, s), (h, k));
                        }
                        h
                    }
                };
                let kind = if owner.is_some() { NodeKind::Decision(h) } else { NodeKind::Chance(h) };
                b.node(node.id.get_ref().clone(), kind, outcome).map_err(|e| ctx.err(node.id.span(), &key, e))?;
                for (a, m) in moves.get_ref().iter().enumerate().rev() {
                    match &m.next {
                        Some(next) => stack.push(Item::Node(by_id[next.get_ref().as_str()])),
                        None => stack.push(Item::Leaf(k, a)),
                    }
                }
            }
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"
title = "Entry deterrence"
players = ["Entrant", "Incumbent"]

[[node]]
id = "entry"
player = "Entrant"
moves = [
  { action = "Out", payoffs = [0, 2] },
  { action = "In", next = "respond" },
]

[[node]]
id = "respond"
player = "Incumbent"
moves = [
  { action = "Fight", payoffs = [-1, -1] },
  { action = "Accommodate", payoffs = [1, "1/2"] },
]
"#;

    #[test]
    fn reads_the_documented_example() {
        let t = parse(ENTRY, "entry.toml").unwrap();
        assert_eq!(t.nodes().len(), 5);
        assert_eq!(t.payoffs_at(4)[1], Rational::new(1.into(), 2.into()));
        assert!(looks_like_tree(ENTRY));
        assert!(!looks_like_tree("name = \"x\"\n[game]\n"));
    }

    #[test]
    fn chance_and_shared_information_sets() {
        let text = r#"
players = ["S", "R"]
[[node]]
id = "nature"
player = "chance"
moves = [{ action = "strong", prob = "1/3", next = "s" }, { action = "weak", prob = 0.6666666666666667, next = "w" }]
[[node]]
id = "s"
player = "S"
moves = [{ action = "a", next = "ra" }, { action = "b", payoffs = [0, 0] }]
[[node]]
id = "w"
player = "S"
moves = [{ action = "a", next = "rw" }, { action = "b", payoffs = [0, 0] }]
[[node]]
id = "ra"
player = "R"
infoset = "after a"
moves = [{ action = "x", payoffs = [1, 1] }, { action = "y", payoffs = [0, 0] }]
[[node]]
id = "rw"
player = "R"
infoset = "after a"
moves = [{ action = "x", payoffs = [1, 0] }, { action = "y", payoffs = [0, 2] }]
"#;
        // 0.6666666666666667 is not 2/3 exactly, so the probabilities do not sum to one.
        let e = parse(text, "sig.toml").unwrap_err().to_string();
        assert!(e.starts_with("sig.toml:6:") && e.contains("node[0].moves") && e.contains("sum to"), "{e}");
        let t = parse(&text.replace("0.6666666666666667", "\"2/3\""), "sig.toml").unwrap();
        assert_eq!(t.player_infosets(1).len(), 1);
        assert_eq!(t.infoset(t.player_infosets(1)[0]).members.len(), 2);
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let cases: &[(&str, &str, &str)] = &[
            (
                r#"players = ["A"]
colour = "red"
[[node]]
id = "r"
payoffs = [1]
"#,
                "t.toml:2:1:",
                "unknown field `colour`",
            ),
            (
                r#"players = ["A"]
[[node]]
id = "r"
player = "B"
moves = [{ action = "x", payoffs = [1] }]
"#,
                "t.toml:4:10:",
                "node[0].player: `B` is not a player",
            ),
            (
                r#"players = ["A"]
[[node]]
id = "r"
player = "A"
moves = [{ action = "x", payoffs = [1], prob = 1 }]
"#,
                "t.toml:5:48:",
                "node[0].moves[0].prob: only chance moves",
            ),
            (
                r#"players = ["A"]
[[node]]
id = "r"
player = "A"
moves = [{ action = "x", next = "nowhere" }]
"#,
                "t.toml:5:33:",
                "node[0].moves[0].next: no node has the id `nowhere`",
            ),
            (
                r#"players = ["A", "B"]
[[node]]
id = "r"
player = "A"
moves = [{ action = "x", payoffs = [1] }]
"#,
                "t.toml:5:36:",
                "node[0].moves[0].payoffs: 1 payoffs given, the game has 2",
            ),
            (
                r#"players = ["A"]
[[node]]
id = "r"
player = "A"
moves = [{ action = "x", payoffs = [1] }]
[[node]]
id = "orphan"
payoffs = [2]
"#,
                "t.toml:7:6:",
                "not the `next` of any move",
            ),
        ];
        for (text, loc, what) in cases {
            let e = parse(text, "t.toml").unwrap_err().to_string();
            assert!(e.starts_with(loc) && e.contains(what), "{e}");
        }
    }
}
