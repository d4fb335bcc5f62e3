//! The TOML schema as written by users: raw, unchecked, `deny_unknown_fields` everywhere.
//! Serde stays here; `config::check` turns these into the checked [`crate::scenario::Scenario`].

use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole config file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub name: Option<String>,
    pub description: Option<String>,
    pub game: RawGame,
    #[serde(default)]
    pub repeat: RawRepeat,
    #[serde(default)]
    pub behaviour: BTreeMap<String, RawBehaviour>,
    pub tournament: Option<RawTournament>,
    pub metagame: Option<RawMetagame>,
}

/// `[metagame]`: whole-game policies per player, played against each other.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetagame {
    /// Runs per profile (default: `[repeat] runs`).
    pub runs: Option<i64>,
    /// Bootstrap resamples of runs for the intervals and survival rates (default 200).
    pub bootstrap: Option<i64>,
    /// Only these profiles (one policy name per player, in player order); default: all.
    pub profiles: Option<Vec<Vec<String>>>,
    /// `[metagame.policies.<player>.<policy>]`: a behaviour table, as under `[behaviour.<player>]`.
    #[serde(default)]
    pub policies: BTreeMap<String, BTreeMap<String, RawBehaviour>>,
}

/// `[game]`: a matrix game (payoff table or `.nfg` file) or the export-control model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGame {
    /// `"matrix"` (the default) or `"export"`.
    pub kind: Option<String>,
    pub players: Option<Vec<RawPlayer>>,
    /// Keys are action names joined by commas (`"C,D"`), values one payoff per player.
    pub payoffs: Option<BTreeMap<String, Vec<toml::Value>>>,
    /// Path of a Gambit `.nfg` file, relative to the config file.
    pub nfg: Option<String>,
    /// Parameters of the export-control model (`kind = "export"`), see docs/MODEL.md.
    pub params: Option<crate::model::ModelParams>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlayer {
    pub name: String,
    pub actions: Vec<String>,
}

/// `[repeat]`: settings of the repeated game.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeat {
    pub rounds: Option<i64>,
    pub discount: Option<f64>,
    pub continuation: Option<f64>,
    pub runs: Option<i64>,
    pub seed: Option<i64>,
    /// Groups of player names, earliest first (`[["us_admin"], ["hawks", "nvidia"], ...]`).
    pub move_order: Option<Vec<Vec<String>>>,
}

/// An action name or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// One condition of a reactive rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// A player's name, `"self"`, or (in two-player games) `"opponent"`.
    pub player: String,
    pub action: OneOrMany,
    pub ago: Option<i64>,
    pub within: Option<i64>,
    pub ever: Option<bool>,
    pub more_than: Option<OneOrMany>,
    pub window: Option<i64>,
    #[serde(default)]
    pub not: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[serde(default)]
    pub when: Vec<RawCondition>,
    pub play: String,
}

/// `[behaviour.<player>]`: one rule per player, chosen by `rule = "..."`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawBehaviour {
    Fixed {
        action: String,
    },
    Mixed {
        probabilities: BTreeMap<String, f64>,
    },
    Scripted {
        actions: Vec<String>,
        after: Option<String>,
    },
    Reactive {
        #[serde(default)]
        initial: Vec<String>,
        #[serde(default)]
        rules: Vec<RawRule>,
        default: String,
    },
    BestResponse {
        epsilon: Option<f64>,
    },
    FictitiousPlay {
        prior: Option<f64>,
    },
    Logit {
        temperature: Option<f64>,
        belief: Option<String>,
        prior: Option<f64>,
    },
    RegretMatching {
        variant: Option<String>,
        inertia: Option<f64>,
    },
    RothErev {
        initial_propensity: Option<f64>,
        recency: Option<f64>,
        experimentation: Option<f64>,
    },
    QLearning {
        learning_rate: Option<f64>,
        discount: Option<f64>,
        epsilon: Option<f64>,
        initial_q: Option<f64>,
    },
    Stackelberg {},
    Lookahead {
        depth: Option<i64>,
        rollouts: Option<i64>,
        discount: Option<f64>,
    },
}

/// `[tournament]`: an Axelrod-style round robin.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTournament {
    /// Built-in strategy names (Axelrod's class names) or names from `custom`.
    pub strategies: Vec<String>,
    pub turns: Option<i64>,
    pub repetitions: Option<i64>,
    pub noise: Option<f64>,
    pub seed: Option<i64>,
    /// Strategies defined in the config; players are named `"self"` and `"opponent"`.
    #[serde(default)]
    pub custom: BTreeMap<String, RawBehaviour>,
}
