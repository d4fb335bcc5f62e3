//! The game tree: players, chance nodes with exact probabilities, information sets, outcomes
//! with exact payoffs, and named actions; built in prefix order by [`TreeBuilder`].
//!
//! Conventions follow Gambit's extensive games (Kuhn 1953; the Gambit manual, "The extensive game
//! (.efg) file format"): an outcome may sit at any node, and the payoff of a path is the sum of
//! the outcomes met along it; information sets belong to one player (or to chance, whose
//! information sets carry the action probabilities); nodes of one information set have the same
//! actions. A tree is stored in prefix order (a node before its children, children in action
//! order), so node 0 is the root and every parent has a smaller index than its children.
//!
//! Perfect recall (Kuhn 1953) is checked once, when the tree is finished: a player has perfect
//! recall when all nodes of each of its information sets are reached by the same sequence of its
//! own information sets and actions. When every player has it, [`Recall`] holds each player's
//! sequences (von Stengel 1996): the empty sequence and one sequence per (information set, action).

use super::{EfgError, MAX_DEPTH, MAX_NODES};
use crate::game::{MAX_PLAYERS, Rational, rational};
use num_traits::{One, Signed, Zero};

/// Who moves at an information set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Chance,
    /// A player, by index.
    Player(usize),
}

/// An information set: the owner, its label from the file, its named actions and its nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Infoset {
    pub owner: Owner,
    /// The number the file gave it (unique per owner), or its position for trees built otherwise.
    pub label: usize,
    pub name: String,
    pub actions: Vec<String>,
    /// Chance information sets: the probability of each action (exact, summing to one).
    pub probs: Vec<Rational>,
    /// The nodes in this information set, in prefix order.
    pub members: Vec<usize>,
}

/// What happens at a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Terminal,
    /// A chance move at this chance information set.
    Chance(usize),
    /// A player's move at this information set.
    Decision(usize),
}

/// A node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    pub parent: Option<usize>,
    /// Index of the parent's action leading here (0 at the root).
    pub action: usize,
    pub children: Vec<usize>,
    /// The outcome attached to this node, if any.
    pub outcome: Option<usize>,
    /// Number of edges from the root.
    pub depth: usize,
}

/// An outcome: a named payoff vector, one exact payoff per player.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub label: usize,
    pub name: String,
    pub payoffs: Vec<Rational>,
}

/// One sequence of a player: the empty sequence (`infoset == None`) or a last (information set,
/// action) pair, whose `parent` is the sequence leading to that information set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sequence {
    pub infoset: Option<usize>,
    pub action: usize,
    pub parent: usize,
}

/// Sequence data of a tree with perfect recall (von Stengel 1996).
#[derive(Clone, Debug, PartialEq)]
pub struct Recall {
    /// Per player, its sequences; sequence 0 is the empty one.
    pub sequences: Vec<Vec<Sequence>>,
    /// Per player information set, the sequence leading to it (chance sets: 0).
    pub arrival: Vec<usize>,
    /// Per player information set, the sequence of its first action (the others follow).
    pub first_seq: Vec<usize>,
    /// Per node and player (`node * n_players + player`), the player's last sequence on the path.
    node_seq: Vec<u32>,
    n_players: usize,
}

impl Recall {
    /// The last sequence of `player` on the path from the root to `node`.
    #[inline]
    pub fn node_sequence(&self, node: usize, player: usize) -> usize {
        self.node_seq[node * self.n_players + player] as usize
    }

    /// The sequence ending with `action` at `infoset`.
    #[inline]
    pub fn sequence_of(&self, infoset: usize, action: usize) -> usize {
        self.first_seq[infoset] + action
    }
}

/// A finite extensive-form game. Immutable once built; see the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    title: String,
    comment: String,
    players: Vec<String>,
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    outcomes: Vec<Outcome>,
    player_infosets: Vec<Vec<usize>>,
    leaves: Vec<usize>,
    /// Per node: its index in `leaves`, or `usize::MAX`.
    leaf_index: Vec<usize>,
    /// Per leaf: the sum of the outcomes on its path.
    leaf_payoffs: Vec<Vec<Rational>>,
    recall: Result<Recall, String>,
}

impl Tree {
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn comment(&self) -> &str {
        &self.comment
    }

    pub fn players(&self) -> &[String] {
        &self.players
    }

    pub fn n_players(&self) -> usize {
        self.players.len()
    }

    /// All nodes in prefix order; node 0 is the root.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// All information sets, chance ones included, in order of first appearance.
    pub fn infosets(&self) -> &[Infoset] {
        &self.infosets
    }

    pub fn infoset(&self, h: usize) -> &Infoset {
        &self.infosets[h]
    }

    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The information sets of `player`, in order of first appearance.
    pub fn player_infosets(&self, player: usize) -> &[usize] {
        &self.player_infosets[player]
    }

    /// The terminal nodes in prefix order.
    pub fn leaves(&self) -> &[usize] {
        &self.leaves
    }

    /// The payoffs at terminal node `node` (the sum of the outcomes on its path).
    pub fn payoffs_at(&self, node: usize) -> &[Rational] {
        &self.leaf_payoffs[self.leaf_index[node]]
    }

    /// The sequence data when every player has perfect recall.
    pub fn recall(&self) -> Result<&Recall, EfgError> {
        self.recall.as_ref().map_err(|r| EfgError::Invalid(r.clone()))
    }

    pub fn has_perfect_recall(&self) -> bool {
        self.recall.is_ok()
    }

    /// Why the tree lacks perfect recall, if it does.
    pub fn imperfect_recall_reason(&self) -> Option<&str> {
        self.recall.as_ref().err().map(|s| s.as_str())
    }

    /// Whether every player's information set has a single node.
    pub fn has_perfect_information(&self) -> bool {
        self.infosets.iter().all(|h| h.owner == Owner::Chance || h.members.len() == 1)
    }

    /// The owner of the move at `node`, `None` at terminal nodes.
    pub fn mover(&self, node: usize) -> Option<Owner> {
        match self.nodes[node].kind {
            NodeKind::Terminal => None,
            NodeKind::Chance(h) | NodeKind::Decision(h) => Some(self.infosets[h].owner),
        }
    }

    /// The information set at `node`, `None` at terminal nodes.
    pub fn infoset_of(&self, node: usize) -> Option<usize> {
        match self.nodes[node].kind {
            NodeKind::Terminal => None,
            NodeKind::Chance(h) | NodeKind::Decision(h) => Some(h),
        }
    }

    /// The probability that chance alone lets play reach each node (the product of chance
    /// probabilities on its path), per node.
    pub fn chance_reach(&self) -> Vec<Rational> {
        let mut reach: Vec<Rational> = Vec::with_capacity(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            let r = match n.parent {
                None => Rational::one(),
                Some(p) => match self.nodes[p].kind {
                    NodeKind::Chance(h) => &reach[p] * &self.infosets[h].probs[n.action],
                    _ => reach[p].clone(),
                },
            };
            debug_assert_eq!(reach.len(), i);
            reach.push(r);
        }
        reach
    }

    /// The largest and smallest payoff at any leaf.
    pub fn payoff_range(&self) -> (Rational, Rational) {
        let mut it = self.leaf_payoffs.iter().flatten();
        let first = it.next().cloned().unwrap_or_else(Rational::zero);
        let (mut lo, mut hi) = (first.clone(), first);
        for x in it {
            if *x < lo {
                lo = x.clone();
            }
            if *x > hi {
                hi = x.clone();
            }
        }
        (lo, hi)
    }

    /// A short description of a node for messages: its name, or the actions leading to it.
    pub fn describe_node(&self, node: usize) -> String {
        let n = &self.nodes[node];
        if !n.name.is_empty() {
            return format!("node `{}`", n.name);
        }
        if n.parent.is_none() {
            return "the root".into();
        }
        let mut path = Vec::new();
        let mut cur = node;
        while let Some(p) = self.nodes[cur].parent {
            let h = self.infoset_of(p).expect("a parent is not terminal");
            path.push(self.action_name(h, self.nodes[cur].action));
            cur = p;
        }
        path.reverse();
        format!("the node after {}", path.join(", "))
    }

    /// An action's name, or its 1-based number when the name is empty.
    pub fn action_name(&self, infoset: usize, action: usize) -> String {
        let a = &self.infosets[infoset].actions[action];
        if a.is_empty() { format!("#{}", action + 1) } else { a.clone() }
    }

    /// A player's name, or `Player k` when the name is empty.
    pub fn player_name(&self, player: usize) -> String {
        let p = &self.players[player];
        if p.trim().is_empty() { format!("Player {}", player + 1) } else { p.clone() }
    }

    /// A short description of an information set: `Player:name` or `Player:#label`.
    pub fn describe_infoset(&self, h: usize) -> String {
        let s = &self.infosets[h];
        let owner = match s.owner {
            Owner::Chance => "chance".to_string(),
            Owner::Player(i) => self.player_name(i),
        };
        if s.name.is_empty() { format!("{owner} information set {}", s.label) } else { format!("{owner} `{}`", s.name) }
    }
}

/// Builds a [`Tree`] node by node in prefix order: each new node becomes the next child of the
/// most recent node that still lacks children.
#[derive(Clone, Debug)]
pub struct TreeBuilder {
    title: String,
    comment: String,
    players: Vec<String>,
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    outcomes: Vec<Outcome>,
    /// Nodes still waiting for children, innermost last.
    open: Vec<usize>,
}

impl TreeBuilder {
    /// Starts a tree with these players (1 to [`MAX_PLAYERS`]).
    pub fn new(title: impl Into<String>, players: Vec<String>) -> Result<Self, EfgError> {
        if players.is_empty() || players.len() > MAX_PLAYERS {
            return Err(EfgError::Invalid(format!("a game needs 1 to {MAX_PLAYERS} players, got {}", players.len())));
        }
        Ok(TreeBuilder {
            title: title.into(),
            comment: String::new(),
            players,
            nodes: Vec::new(),
            infosets: Vec::new(),
            outcomes: Vec::new(),
            open: Vec::new(),
        })
    }

    pub fn set_comment(&mut self, comment: impl Into<String>) {
        self.comment = comment.into();
    }

    pub fn n_players(&self) -> usize {
        self.players.len()
    }

    /// Declares an information set of `player` (0-based) with its actions (at least one).
    pub fn player_infoset(
        &mut self,
        player: usize,
        label: usize,
        name: impl Into<String>,
        actions: Vec<String>,
    ) -> Result<usize, EfgError> {
        if player >= self.players.len() {
            return Err(EfgError::Invalid(format!(
                "player {} does not exist (the game has {} players)",
                player + 1,
                self.players.len()
            )));
        }
        if actions.is_empty() {
            return Err(EfgError::Invalid("an information set needs at least one action".into()));
        }
        self.infosets.push(Infoset {
            owner: Owner::Player(player),
            label,
            name: name.into(),
            actions,
            probs: Vec::new(),
            members: Vec::new(),
        });
        Ok(self.infosets.len() - 1)
    }

    /// Declares a chance information set; probabilities must be non-negative and sum to one.
    pub fn chance_infoset(
        &mut self,
        label: usize,
        name: impl Into<String>,
        actions: Vec<String>,
        probs: Vec<Rational>,
    ) -> Result<usize, EfgError> {
        if actions.is_empty() {
            return Err(EfgError::Invalid("a chance move needs at least one action".into()));
        }
        if probs.len() != actions.len() {
            return Err(EfgError::Invalid(format!(
                "a chance move has {} actions but {} probabilities",
                actions.len(),
                probs.len()
            )));
        }
        if let Some(p) = probs.iter().find(|p| p.is_negative()) {
            return Err(EfgError::Invalid(format!("chance probability {} is negative", rational::to_string(p))));
        }
        let sum: Rational = probs.iter().sum();
        if !sum.is_one() {
            return Err(EfgError::Invalid(format!("chance probabilities sum to {}, not 1", rational::to_string(&sum))));
        }
        self.infosets.push(Infoset {
            owner: Owner::Chance,
            label,
            name: name.into(),
            actions,
            probs,
            members: Vec::new(),
        });
        Ok(self.infosets.len() - 1)
    }

    /// Declares an outcome with one payoff per player.
    pub fn outcome(
        &mut self,
        label: usize,
        name: impl Into<String>,
        payoffs: Vec<Rational>,
    ) -> Result<usize, EfgError> {
        if payoffs.len() != self.players.len() {
            return Err(EfgError::Invalid(format!(
                "an outcome needs {} payoffs (one per player), got {}",
                self.players.len(),
                payoffs.len()
            )));
        }
        self.outcomes.push(Outcome { label, name: name.into(), payoffs });
        Ok(self.outcomes.len() - 1)
    }

    /// The information sets declared so far.
    pub fn infosets(&self) -> &[Infoset] {
        &self.infosets
    }

    /// The outcomes declared so far.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// Number of nodes added so far.
    pub fn n_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has a root and no node lacks children.
    pub fn is_complete(&self) -> bool {
        !self.nodes.is_empty() && self.open.is_empty()
    }

    /// Appends the next node in prefix order. `kind` names an information set returned by
    /// [`TreeBuilder::player_infoset`] or [`TreeBuilder::chance_infoset`].
    pub fn node(&mut self, name: impl Into<String>, kind: NodeKind, outcome: Option<usize>) -> Result<usize, EfgError> {
        if self.nodes.len() >= MAX_NODES {
            return Err(EfgError::limit("the number of nodes", self.nodes.len() + 1, MAX_NODES as u128));
        }
        if !self.nodes.is_empty() && self.open.is_empty() {
            return Err(EfgError::Invalid(
                "the tree is already complete: this node has no parent left to attach to".into(),
            ));
        }
        match kind {
            NodeKind::Chance(h) | NodeKind::Decision(h) if h >= self.infosets.len() => {
                return Err(EfgError::Invalid(format!("information set {h} does not exist")));
            }
            NodeKind::Chance(h) if self.infosets[h].owner != Owner::Chance => {
                return Err(EfgError::Invalid("a chance node refers to a player's information set".into()));
            }
            NodeKind::Decision(h) if self.infosets[h].owner == Owner::Chance => {
                return Err(EfgError::Invalid("a player's node refers to a chance information set".into()));
            }
            _ => {}
        }
        if let Some(o) = outcome
            && o >= self.outcomes.len()
        {
            return Err(EfgError::Invalid(format!("outcome {o} does not exist")));
        }
        let id = self.nodes.len();
        let (parent, action, depth) = match self.open.last() {
            None => (None, 0, 0),
            Some(&p) => (Some(p), self.nodes[p].children.len(), self.nodes[p].depth + 1),
        };
        if depth >= MAX_DEPTH {
            return Err(EfgError::limit("the depth of the tree", depth + 1, MAX_DEPTH as u128));
        }
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
            if self.nodes[p].children.len() == self.n_children(p) {
                self.open.pop();
            }
        }
        self.nodes.push(Node { name: name.into(), kind, parent, action, children: Vec::new(), outcome, depth });
        match kind {
            NodeKind::Terminal => {}
            NodeKind::Chance(h) | NodeKind::Decision(h) => {
                self.infosets[h].members.push(id);
                self.open.push(id);
            }
        }
        Ok(id)
    }

    fn n_children(&self, node: usize) -> usize {
        match self.nodes[node].kind {
            NodeKind::Terminal => 0,
            NodeKind::Chance(h) | NodeKind::Decision(h) => self.infosets[h].actions.len(),
        }
    }

    /// Checks that the tree is complete and works out its derived data.
    pub fn finish(self) -> Result<Tree, EfgError> {
        if self.nodes.is_empty() {
            return Err(EfgError::Invalid("the tree has no nodes".into()));
        }
        if let Some(&p) = self.open.last() {
            return Err(EfgError::Invalid(format!(
                "the tree is incomplete: node {} has {} of its {} children",
                p + 1,
                self.nodes[p].children.len(),
                self.n_children(p)
            )));
        }
        if let Some(h) = self.infosets.iter().position(|h| h.members.is_empty()) {
            return Err(EfgError::Invalid(format!(
                "information set {} (`{}`) has no nodes",
                self.infosets[h].label, self.infosets[h].name
            )));
        }
        let n = self.players.len();
        let mut player_infosets = vec![Vec::new(); n];
        // Order each player's information sets by first appearance in prefix order.
        let mut seen = vec![false; self.infosets.len()];
        for node in &self.nodes {
            if let NodeKind::Decision(h) = node.kind
                && !seen[h]
            {
                seen[h] = true;
                if let Owner::Player(i) = self.infosets[h].owner {
                    player_infosets[i].push(h);
                }
            }
        }
        let mut leaves = Vec::new();
        let mut leaf_index = vec![usize::MAX; self.nodes.len()];
        let mut leaf_payoffs = Vec::new();
        // Cumulative outcome payoffs per depth along the current path.
        let mut acc: Vec<Vec<Rational>> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let mut here = if node.depth == 0 { vec![Rational::zero(); n] } else { acc[node.depth - 1].clone() };
            if let Some(o) = node.outcome {
                for (h, x) in here.iter_mut().zip(&self.outcomes[o].payoffs) {
                    *h += x;
                }
            }
            if node.kind == NodeKind::Terminal {
                leaf_index[i] = leaves.len();
                leaves.push(i);
                leaf_payoffs.push(here);
            } else {
                acc.truncate(node.depth);
                acc.push(here);
            }
        }
        let recall = build_recall(&self.nodes, &self.infosets, &self.players);
        Ok(Tree {
            title: self.title,
            comment: self.comment,
            players: self.players,
            nodes: self.nodes,
            infosets: self.infosets,
            outcomes: self.outcomes,
            player_infosets,
            leaves,
            leaf_index,
            leaf_payoffs,
            recall,
        })
    }
}

/// Builds the sequences of every player, or says which information set breaks perfect recall.
fn build_recall(nodes: &[Node], infosets: &[Infoset], players: &[String]) -> Result<Recall, String> {
    let n = players.len();
    let mut sequences: Vec<Vec<Sequence>> = vec![vec![Sequence { infoset: None, action: 0, parent: 0 }]; n];
    let mut arrival = vec![usize::MAX; infosets.len()];
    let mut first_seq = vec![usize::MAX; infosets.len()];
    let mut first_node = vec![usize::MAX; infosets.len()];
    let mut node_seq = vec![0u32; nodes.len() * n];
    for (id, node) in nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            let (src, dst) = node_seq.split_at_mut(id * n);
            dst[..n].copy_from_slice(&src[p * n..p * n + n]);
            if let NodeKind::Decision(h) = nodes[p].kind
                && let Owner::Player(i) = infosets[h].owner
            {
                node_seq[id * n + i] = (first_seq[h] + node.action) as u32;
            }
        }
        if let NodeKind::Decision(h) = node.kind {
            let Owner::Player(i) = infosets[h].owner else { continue };
            let here = node_seq[id * n + i] as usize;
            if arrival[h] == usize::MAX {
                arrival[h] = here;
                first_node[h] = id;
                first_seq[h] = sequences[i].len();
                for a in 0..infosets[h].actions.len() {
                    sequences[i].push(Sequence { infoset: Some(h), action: a, parent: here });
                }
                if sequences[i].len() > u32::MAX as usize / 2 {
                    return Err("too many sequences".into());
                }
            } else if arrival[h] != here {
                let name = if infosets[h].name.is_empty() {
                    format!("information set {}", infosets[h].label)
                } else {
                    format!("information set `{}`", infosets[h].name)
                };
                let who = if players[i].trim().is_empty() { format!("Player {}", i + 1) } else { players[i].clone() };
                return Err(format!(
                    "{who} does not have perfect recall: nodes {} and {} of its {name} are reached by different \
                     sequences of its own moves",
                    first_node[h] + 1,
                    id + 1
                ));
            }
        }
    }
    for (h, s) in infosets.iter().enumerate() {
        if s.owner == Owner::Chance {
            arrival[h] = 0;
        }
    }
    Ok(Recall { sequences, arrival, first_seq, node_seq, n_players: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Rational {
        Rational::from_integer(n.into())
    }

    /// Entry deterrence: the entrant stays out (0, 2) or enters; the incumbent fights (-1, -1)
    /// or accommodates (1, 1).
    fn entry() -> Tree {
        let mut b = TreeBuilder::new("entry", vec!["Entrant".into(), "Incumbent".into()]).unwrap();
        let e = b.player_infoset(0, 1, "", vec!["Out".into(), "In".into()]).unwrap();
        let i = b.player_infoset(1, 1, "", vec!["Fight".into(), "Accommodate".into()]).unwrap();
        let out = b.outcome(1, "out", vec![q(0), q(2)]).unwrap();
        let fight = b.outcome(2, "fight", vec![q(-1), q(-1)]).unwrap();
        let acc = b.outcome(3, "acc", vec![q(1), q(1)]).unwrap();
        b.node("", NodeKind::Decision(e), None).unwrap();
        b.node("", NodeKind::Terminal, Some(out)).unwrap();
        b.node("", NodeKind::Decision(i), None).unwrap();
        b.node("", NodeKind::Terminal, Some(fight)).unwrap();
        assert!(!b.is_complete());
        b.node("", NodeKind::Terminal, Some(acc)).unwrap();
        assert!(b.is_complete());
        b.finish().unwrap()
    }

    #[test]
    fn builds_in_prefix_order_with_payoffs_and_sequences() {
        let t = entry();
        assert_eq!(t.nodes().len(), 5);
        assert_eq!(t.leaves(), &[1, 3, 4]);
        assert_eq!(t.payoffs_at(3), &[q(-1), q(-1)]);
        assert!(t.has_perfect_information() && t.has_perfect_recall());
        let r = t.recall().unwrap();
        assert_eq!(r.sequences[0].len(), 3);
        assert_eq!(r.sequences[1].len(), 3);
        assert_eq!(r.node_sequence(4, 0), 2);
        assert_eq!(r.node_sequence(4, 1), 2);
        assert_eq!(t.describe_node(3), "the node after In, Fight");
    }

    #[test]
    fn outcomes_on_the_path_add_up() {
        let mut b = TreeBuilder::new("", vec!["A".into()]).unwrap();
        let h = b.player_infoset(0, 1, "", vec!["x".into(), "y".into()]).unwrap();
        let o1 = b.outcome(1, "", vec![q(3)]).unwrap();
        let o2 = b.outcome(2, "", vec![Rational::new(1.into(), 2.into())]).unwrap();
        b.node("", NodeKind::Decision(h), Some(o1)).unwrap();
        b.node("", NodeKind::Terminal, Some(o2)).unwrap();
        b.node("", NodeKind::Terminal, None).unwrap();
        let t = b.finish().unwrap();
        assert_eq!(t.payoffs_at(1), &[Rational::new(7.into(), 2.into())]);
        assert_eq!(t.payoffs_at(2), &[q(3)]);
    }

    #[test]
    fn forgetting_ones_own_move_breaks_perfect_recall() {
        let mut b = TreeBuilder::new("", vec!["A".into()]).unwrap();
        let h1 = b.player_infoset(0, 1, "first", vec!["L".into(), "R".into()]).unwrap();
        let h2 = b.player_infoset(0, 2, "forgot", vec!["l".into(), "r".into()]).unwrap();
        b.node("", NodeKind::Decision(h1), None).unwrap();
        for _ in 0..2 {
            b.node("", NodeKind::Decision(h2), None).unwrap();
            b.node("", NodeKind::Terminal, None).unwrap();
            b.node("", NodeKind::Terminal, None).unwrap();
        }
        let t = b.finish().unwrap();
        assert!(!t.has_perfect_recall());
        assert!(t.imperfect_recall_reason().unwrap().contains("`forgot`"));
    }

    #[test]
    fn bad_trees_are_refused_with_a_reason() {
        let mut b = TreeBuilder::new("", vec!["A".into()]).unwrap();
        let bad = b.chance_infoset(1, "", vec!["a".into(), "b".into()], vec![q(1), q(1)]);
        assert!(bad.unwrap_err().to_string().contains("sum to 2"));
        let h = b.player_infoset(0, 1, "", vec!["x".into(), "y".into()]).unwrap();
        b.node("", NodeKind::Decision(h), None).unwrap();
        b.node("", NodeKind::Terminal, None).unwrap();
        let err = b.clone().finish().unwrap_err().to_string();
        assert!(err.contains("incomplete") && err.contains("1 of its 2"), "{err}");
        b.node("", NodeKind::Terminal, None).unwrap();
        assert!(b.node("", NodeKind::Terminal, None).unwrap_err().to_string().contains("already complete"));
        assert!(TreeBuilder::new("", vec![]).is_err());
    }
}
