//! TOML in, checked [`Scenario`] out: parse (serde, `raw.rs`), then check every value once
//! (this file). Downstream code never sees an unchecked number or an unresolved name.

pub mod error;
pub mod overrides;
pub mod raw;

pub use error::{ConfigError, Invalid, KeyPath};
pub use overrides::{Override, Overrides, SetSyntaxError};

use crate::behaviour::{AfterScript, BehaviourSpec, Condition, Rule, Timing};
use crate::game::{NormalForm, PlayerSpec, check_players, rational};
use crate::scenario::{Repeat, Scenario, ScenarioGame, Source, TournamentSpec};
use error::did_you_mean;
use raw::{OneOrMany, RawBehaviour, RawConfig, RawGame};
use std::path::Path;
use std::sync::Arc;

/// Largest config or game file read, in bytes. Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads a text input file with bounds: regular files only (a FIFO or a device would block or
/// never end), at most [`MAX_FILE_BYTES`], valid UTF-8.
pub fn read_text(path: &Path, what: &str) -> Result<String, ConfigError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| ConfigError::file(path, format!("cannot read the {what}: {e}")))?;
    if !meta.is_file() {
        return Err(ConfigError::file(
            path,
            format!("the {what} must be a regular file (this is a directory, a pipe or a device)"),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ConfigError::file(
            path,
            format!("the {what} is {} bytes, more than the limit of {MAX_FILE_BYTES} bytes", meta.len()),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| ConfigError::file(path, format!("cannot read the {what}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ConfigError::file(path, format!("the {what} is larger than the limit of {MAX_FILE_BYTES} bytes")));
    }
    String::from_utf8(bytes).map_err(|e| {
        ConfigError::file(
            path,
            format!("the {what} is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Largest payoff magnitude a payoff table may hold (totals over 10^7 rounds and their squares
/// must stay finite in `f64`).
pub const MAX_PAYOFF: f64 = 1e100;

/// Longest scenario `name`, in characters.
pub const MAX_NAME: usize = 100;

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Scenario, ConfigError> {
    let text = read_text(path, "config file")?;
    parse(&text, path)
}

/// Parses and checks config `text`; `path` names the file in errors and anchors relative paths.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ConfigError> {
    check_source(Arc::new(Source { path: path.to_path_buf(), text: text.to_string() }), &Overrides::default())
}

/// Checks a config source with overrides applied: the one place where a scenario is built.
pub fn check_source(source: Arc<Source>, overrides: &Overrides) -> Result<Scenario, ConfigError> {
    let (path, text) = (source.path.as_path(), source.text.as_str());
    // The file alone must parse, so that its own errors are located in it.
    let mut raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
    let mut doc: toml::Table = toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
    if !overrides.is_empty() {
        overrides.apply(&mut doc).map_err(|(i, m)| overrides::error_for(path, &overrides.0[i], None, m))?;
        raw = toml::Value::Table(doc.clone()).try_into().map_err(|e: toml::de::Error| {
            let message = error::with_suggestion(e.message().trim());
            let o = overrides.blame_message(&message).expect("there are overrides");
            overrides::error_for(path, o, Some(o.key_string()), message)
        })?;
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let default_name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scenario".into());
    let hash_input = if overrides.is_empty() { text.to_string() } else { format!("{text}\n{}", overrides.canonical()) };
    // Whether the file (or a --set) writes the continuation value's discount itself.
    let tv_discount = (|| doc.get("game")?.get("params")?.get("tv_discount")?.as_float())();
    let scenario = check(raw, &hash_input, base, &default_name, tv_discount).map_err(|e| match e {
        CheckError::Invalid(inv) => match overrides.blame(&inv.path) {
            Some(o) => overrides::error_for(path, o, Some(inv.path.to_string()), inv.message),
            None => ConfigError::from_invalid(path, text, &inv),
        },
        CheckError::File(err) => err,
    })?;
    Ok(Scenario { source, overrides: overrides.clone(), ..scenario })
}

/// The constructors of a [`Scenario`] live here, where TOML is read and checked.
impl Scenario {
    /// Reads and checks a config file.
    pub fn from_path(path: &Path) -> Result<Scenario, ConfigError> {
        load(path)
    }

    /// Checks config text; `path` names it in errors and anchors relative file names.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Scenario, ConfigError> {
        parse(text, path)
    }

    /// This scenario with more overrides applied (after its own), checked again like the file.
    pub fn with_overrides(&self, more: &Overrides) -> Result<Scenario, ConfigError> {
        if more.is_empty() {
            return Ok(self.clone());
        }
        check_source(self.source.clone(), &self.overrides.then(more))
    }

    /// The config as TOML with the overrides applied: the original text when there are none.
    pub fn effective_toml(&self) -> String {
        if self.overrides.is_empty() {
            return self.source.text.clone();
        }
        let mut doc: toml::Table = toml::from_str(&self.source.text).expect("a checked scenario's text parses");
        self.overrides.apply(&mut doc).expect("a checked scenario's overrides apply");
        toml::to_string(&doc).expect("a TOML table serialises")
    }
}

/// A failed check: a bad value in this file, or an error in a file it refers to.
enum CheckError {
    Invalid(Invalid),
    File(ConfigError),
}

impl From<Invalid> for CheckError {
    fn from(i: Invalid) -> Self {
        CheckError::Invalid(i)
    }
}

fn check(
    raw: RawConfig,
    text: &str,
    base: &Path,
    default_name: &str,
    tv_discount: Option<f64>,
) -> Result<Scenario, CheckError> {
    let root = KeyPath::root();
    let name = raw.name.clone().unwrap_or_else(|| default_name.to_string());
    if name.chars().count() > MAX_NAME {
        return Err(Invalid::new(&root.at("name"), format!("the name is longer than {MAX_NAME} characters")).into());
    }
    if name.trim().is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Invalid::new(
            &root.at("name"),
            "the name must be non-empty and usable as a folder name (no `/`, `\\` or leading `.`)",
        )
        .into());
    }
    let mut game = check_game(&raw.game, &root.at("game"), base)?;
    let mut repeat = check_repeat(&raw.repeat, &root.at("repeat"))?;
    if let ScenarioGame::Export(g) = &mut game {
        **g = export_discount(g, tv_discount, repeat.discount, &root)?;
    }
    let players = game.players().to_vec();
    if let Some(order) = &raw.repeat.move_order {
        repeat.move_order = Some(check_move_order(order, &root.at("repeat").at("move_order"), &players)?);
    }
    let mut behaviours = Vec::new();
    if raw.tournament.is_none() || !raw.behaviour.is_empty() {
        for key in raw.behaviour.keys() {
            if !players.iter().any(|p| &p.name == key) {
                let hint = did_you_mean(key, players.iter().map(|p| p.name.as_str()));
                return Err(Invalid::new(
                    &root.at("behaviour").at(key.as_str()),
                    format!(
                        "`{key}` is not a player of this game{hint}; the players are {}",
                        list(players.iter().map(|p| p.name.as_str()))
                    ),
                )
                .into());
            }
        }
        for (i, p) in players.iter().enumerate() {
            let Some(rb) = raw.behaviour.get(&p.name) else {
                return Err(Invalid::new(
                    &root.at("behaviour"),
                    format!(
                        "player `{}` has no behaviour: add a `[behaviour.{}]` table with a `rule`",
                        p.name,
                        toml_key(&p.name)
                    ),
                )
                .into());
            };
            behaviours.push(check_behaviour(
                rb,
                &root.at("behaviour").at(p.name.as_str()),
                &players,
                i,
                Some(&repeat),
            )?);
        }
    }
    let tournament = match &raw.tournament {
        Some(t) => Some(check_tournament(t, &root.at("tournament"), &game)?),
        None => None,
    };
    let metagame = match &raw.metagame {
        Some(m) => Some(check_metagame(m, &root.at("metagame"), &players, &behaviours, &repeat)?),
        None => None,
    };
    Ok(Scenario {
        name,
        description: raw.description.unwrap_or_default(),
        game,
        repeat,
        behaviours,
        tournament,
        metagame,
        config_hash: fnv_hex(text.as_bytes()),
        source: Arc::new(Source::default()),
        overrides: Overrides::default(),
    })
}

/// Most profiles a meta-game may play.
pub const MAX_METAGAME_PROFILES: usize = 4096;
/// Most policies one player may have in a meta-game.
pub const MAX_POLICIES: usize = 64;

fn check_metagame(
    m: &raw::RawMetagame,
    path: &KeyPath,
    players: &[PlayerSpec],
    behaviours: &[crate::behaviour::BehaviourSpec],
    repeat: &Repeat,
) -> Result<crate::scenario::MetagameSpec, Invalid> {
    let pol_path = path.at("policies");
    for key in m.policies.keys() {
        if !players.iter().any(|p| &p.name == key) {
            return Err(Invalid::new(
                &pol_path.at(key.as_str()),
                format!(
                    "`{key}` is not a player of this game{}; the players are {}",
                    did_you_mean(key, players.iter().map(|p| p.name.as_str())),
                    list(players.iter().map(|p| p.name.as_str()))
                ),
            ));
        }
    }
    if behaviours.len() != players.len() {
        return Err(Invalid::new(path, "a meta-game needs a `[behaviour.<player>]` table for every player"));
    }
    let mut policies = Vec::new();
    for (i, p) in players.iter().enumerate() {
        match m.policies.get(&p.name) {
            None => policies.push(vec![("default".to_string(), behaviours[i].clone())]),
            Some(table) => {
                let here = pol_path.at(p.name.as_str());
                if table.is_empty() {
                    return Err(Invalid::new(&here, "a player listed under `policies` needs at least one policy"));
                }
                if table.len() > MAX_POLICIES {
                    return Err(Invalid::new(
                        &here,
                        format!("{} policies, more than the limit of {MAX_POLICIES}", table.len()),
                    ));
                }
                let mut v = Vec::new();
                for (name, rb) in table {
                    if name.is_empty() || name.chars().count() > MAX_NAME {
                        return Err(Invalid::new(&here, format!("policy names must have 1 to {MAX_NAME} characters")));
                    }
                    v.push((name.clone(), check_behaviour(rb, &here.at(name.as_str()), players, i, Some(repeat))?));
                }
                policies.push(v);
            }
        }
    }
    let total: u128 = policies.iter().map(|v| v.len() as u128).product();
    let profiles: Vec<Vec<usize>> = match &m.profiles {
        None => {
            if total > MAX_METAGAME_PROFILES as u128 {
                return Err(Invalid::new(
                    &pol_path,
                    format!(
                        "{total} profiles, more than the limit of {MAX_METAGAME_PROFILES}; list a subset in `profiles`"
                    ),
                ));
            }
            let sizes: Vec<usize> = policies.iter().map(|v| v.len()).collect();
            let mut all = Vec::new();
            let mut cur = vec![0; sizes.len()];
            'outer: loop {
                all.push(cur.clone());
                for k in (0..cur.len()).rev() {
                    cur[k] += 1;
                    if cur[k] < sizes[k] {
                        continue 'outer;
                    }
                    cur[k] = 0;
                }
                break;
            }
            all
        }
        Some(list_) => {
            if list_.len() > MAX_METAGAME_PROFILES {
                return Err(Invalid::new(
                    &path.at("profiles"),
                    format!("{} profiles, more than the limit of {MAX_METAGAME_PROFILES}", list_.len()),
                ));
            }
            let mut out = Vec::new();
            for (j, prof) in list_.iter().enumerate() {
                let here = path.at("profiles").at(j);
                if prof.len() != players.len() {
                    return Err(Invalid::new(
                        &here,
                        format!("a profile names one policy per player ({}), got {}", players.len(), prof.len()),
                    ));
                }
                let mut idx = Vec::new();
                for (i, name) in prof.iter().enumerate() {
                    let names = || policies[i].iter().map(|(n, _)| n.as_str());
                    let k = names().position(|n| n == name).ok_or_else(|| {
                        Invalid::new(
                            &here,
                            format!(
                                "`{name}` is not a policy of {}{}; its policies are {}",
                                players[i].name,
                                did_you_mean(name, names()),
                                list(names())
                            ),
                        )
                    })?;
                    idx.push(k);
                }
                if out.contains(&idx) {
                    return Err(Invalid::new(&here, "this profile is listed twice"));
                }
                out.push(idx);
            }
            out
        }
    };
    let runs = int_in(m.runs, repeat.runs as i64, 2, 100_000_000, &path.at("runs"), "runs")? as u64;
    let bootstrap = int_in(m.bootstrap, 200, 0, 100_000, &path.at("bootstrap"), "bootstrap")? as usize;
    Ok(crate::scenario::MetagameSpec { policies, profiles, runs, bootstrap })
}

/// The export game with its continuation value discounted like the runs (`[repeat] discount`), so
/// that run totals telescope (docs/MODEL.md §5). A `tv_discount` written in the file must agree.
fn export_discount(
    g: &crate::model::ExportGame,
    given: Option<f64>,
    discount: f64,
    root: &KeyPath,
) -> Result<crate::model::ExportGame, Invalid> {
    let key = root.at("game").at("params").at("tv_discount");
    let p = g.params();
    if let Some(tv) = given
        && p.terminal_value > 0.0
        && discount < 1.0
        && tv != discount
    {
        return Err(Invalid::new(
            &key,
            format!(
                "the continuation value is discounted at {tv} but the runs at `[repeat] discount` = {discount}; \
                 run totals telescope only when they agree: remove `tv_discount` (it follows `[repeat] discount`) \
                 or set both to the same value"
            ),
        ));
    }
    g.with_discount(discount).map_err(|e| Invalid::new(&root.at("repeat").at("discount"), e.message))
}

fn toml_key(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// A stable 64-bit FNV-1a hash, as hex: the config hash recorded in manifests.
pub fn fnv_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn check_game(raw: &RawGame, path: &KeyPath, base: &Path) -> Result<ScenarioGame, CheckError> {
    let kind = raw.kind.as_deref().unwrap_or("matrix");
    match kind {
        "matrix" => {
            if raw.params.is_some() {
                return Err(Invalid::new(
                    &path.at("params"),
                    "`params` belongs to `kind = \"export\"`; a matrix game takes `players` and `payoffs`, or `nfg`",
                )
                .into());
            }
            match (&raw.nfg, &raw.players, &raw.payoffs) {
                (Some(file), None, None) => {
                    let full = base.join(file);
                    let text = read_text(&full, "game file").map_err(|e| {
                        CheckError::Invalid(Invalid::new(&path.at("nfg"), format!("`{file}`: {}", e.message)))
                    })?;
                    let game = crate::game::nfg::parse(&text).map_err(|e| {
                        CheckError::File(ConfigError::at_line(&full, &text, e.line, e.column, e.message))
                    })?;
                    check_players(game_players(&game), crate::game::MIN_ACTIONS)
                        .map_err(|e| Invalid::new(&path.at("nfg"), format!("{}: {e}", full.display())))?;
                    Ok(ScenarioGame::Matrix(game))
                }
                (Some(_), _, _) => {
                    Err(Invalid::new(&path.at("nfg"), "give either `nfg` or `players` with `payoffs`, not both").into())
                }
                (None, Some(players), Some(payoffs)) => Ok(ScenarioGame::Matrix(check_matrix(players, payoffs, path)?)),
                (None, None, _) => {
                    Err(Invalid::new(path, "a matrix game needs `players` and `payoffs`, or `nfg = \"file.nfg\"`")
                        .into())
                }
                (None, Some(_), None) => {
                    Err(Invalid::new(path, "the game has `players` but no `payoffs` table").into())
                }
            }
        }
        "export" => {
            for (key, given) in
                [("players", raw.players.is_some()), ("payoffs", raw.payoffs.is_some()), ("nfg", raw.nfg.is_some())]
            {
                if given {
                    return Err(Invalid::new(&path.at(key), format!("`{key}` belongs to matrix games; the export game's players and actions are fixed (restrict actions with `[game.params.actions]`)")).into());
                }
            }
            let params = raw.params.clone().unwrap_or_default();
            let game = crate::model::ExportGame::new(params).map_err(|e| {
                let mut p = path.at("params");
                for part in e.key.split('.') {
                    p = p.at(part);
                }
                Invalid::new(&p, e.message)
            })?;
            Ok(ScenarioGame::Export(Box::new(game)))
        }
        other => Err(Invalid::new(
            &path.at("kind"),
            format!(
                "unknown game kind `{other}`{}; kinds are `matrix` and `export`",
                did_you_mean(other, ["matrix", "export"])
            ),
        )
        .into()),
    }
}

fn game_players(g: &NormalForm) -> &[PlayerSpec] {
    crate::game::Game::players(g)
}

fn check_matrix(
    raw_players: &[raw::RawPlayer],
    payoffs: &std::collections::BTreeMap<String, Vec<toml::Value>>,
    path: &KeyPath,
) -> Result<NormalForm, Invalid> {
    let players: Vec<PlayerSpec> =
        raw_players.iter().map(|p| PlayerSpec { name: p.name.clone(), actions: p.actions.clone() }).collect();
    check_players(&players, crate::game::MIN_ACTIONS).map_err(|e| Invalid::new(&path.at("players"), e.to_string()))?;
    for (i, p) in players.iter().enumerate() {
        if let Some(a) = p.actions.iter().find(|a| a.contains(',')) {
            return Err(Invalid::new(
                &path.at("players").at(i).at("actions"),
                format!("action `{a}` contains a comma; commas separate actions in payoff keys"),
            ));
        }
    }
    let shape: Vec<usize> = players.iter().map(|p| p.actions.len()).collect();
    let n = players.len();
    let n_profiles: usize = shape.iter().product();
    let ppath = path.at("payoffs");
    // A table cannot be complete with fewer entries than profiles: say which one is missing
    // before allocating anything of the game's size.
    if payoffs.len() < n_profiles {
        let given: std::collections::HashSet<Vec<&str>> =
            payoffs.keys().map(|k| k.split(',').map(str::trim).collect()).collect();
        let mut profile = vec![0usize; n];
        let missing = (0..n_profiles)
            .map(|idx| {
                NormalForm::decode_profile(&shape, idx, &mut profile);
                profile.iter().enumerate().map(|(i, &a)| players[i].actions[a].as_str()).collect::<Vec<&str>>()
            })
            .find(|key| !given.contains(key))
            .unwrap_or_default();
        return Err(Invalid::new(
            &ppath,
            format!(
                "the payoff table has {} of {n_profiles} profiles; missing `\"{}\" = [...]`",
                payoffs.len(),
                missing.join(",")
            ),
        ));
    }
    let mut exact: Vec<Option<rational::Rational>> = vec![None; n_profiles * n];
    for (key, values) in payoffs {
        let kpath = ppath.at(key.as_str());
        let names: Vec<&str> = key.split(',').map(str::trim).collect();
        if names.len() != n {
            return Err(Invalid::new(
                &kpath,
                format!(
                    "`{key}` names {} actions, but the game has {n} players: write one action per player, separated by commas",
                    names.len()
                ),
            ));
        }
        let mut profile = vec![0usize; n];
        for (i, name) in names.iter().enumerate() {
            profile[i] = action_index(&players[i], name, &kpath)?;
        }
        if values.len() != n {
            return Err(Invalid::new(&kpath, format!("expected {n} payoffs (one per player), found {}", values.len())));
        }
        let idx = profile.iter().zip(strides(&shape)).map(|(a, s)| a * s).sum::<usize>();
        if exact[idx * n].is_some() {
            return Err(Invalid::new(&kpath, format!("profile `{key}` is given twice")));
        }
        for (i, v) in values.iter().enumerate() {
            let r = match v {
                toml::Value::Integer(x) => Some(rational::Rational::from_integer((*x).into())),
                toml::Value::Float(x) => rational::from_f64(*x),
                toml::Value::String(s) => rational::parse(s),
                _ => None,
            };
            match r {
                Some(r) if rational::to_f64(&r).abs() > MAX_PAYOFF => {
                    return Err(Invalid::new(
                        &kpath.at(i),
                        format!(
                            "payoff {} is too large: payoffs must be at most {MAX_PAYOFF:e} in absolute value, so that totals over many rounds and their squares stay finite",
                            short_number(v)
                        ),
                    ));
                }
                Some(r) => exact[idx * n + i] = Some(r),
                None => {
                    return Err(Invalid::new(
                        &kpath.at(i),
                        format!("payoff `{v}` is not a finite number (write 3, -1.5 or \"2/3\")"),
                    ));
                }
            }
        }
    }
    let mut profile = vec![0usize; n];
    for idx in 0..n_profiles {
        if exact[idx * n].is_none() {
            NormalForm::decode_profile(&shape, idx, &mut profile);
            let key: Vec<&str> = profile.iter().enumerate().map(|(i, &a)| players[i].actions[a].as_str()).collect();
            return Err(Invalid::new(
                &ppath,
                format!(
                    "the payoff table has {} of {n_profiles} profiles; missing `\"{}\" = [...]`",
                    payoffs.len(),
                    key.join(",")
                ),
            ));
        }
    }
    NormalForm::new(String::new(), players, exact.into_iter().map(|x| x.expect("checked above")).collect())
        .map_err(|e| Invalid::new(&ppath, e.to_string()))
}

fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = 1;
    shape
        .iter()
        .map(|&k| {
            let r = s;
            s *= k;
            r
        })
        .collect()
}

fn action_index(player: &PlayerSpec, name: &str, path: &KeyPath) -> Result<usize, Invalid> {
    player.action_index(name).ok_or_else(|| {
        Invalid::new(
            path,
            format!(
                "`{name}` is not an action of `{}`{}; its actions are {}",
                player.name,
                did_you_mean(name, player.actions.iter().map(|s| s.as_str())),
                list(player.actions.iter().map(|s| s.as_str()))
            ),
        )
    })
}

fn check_repeat(raw: &raw::RawRepeat, path: &KeyPath) -> Result<Repeat, Invalid> {
    let rounds = int_in(raw.rounds, 100, 1, 10_000_000, &path.at("rounds"), "rounds")?;
    let runs = int_in(raw.runs, 100, 1, 1_000_000_000_000, &path.at("runs"), "runs")?;
    let seed = match raw.seed {
        None => 0,
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            return Err(Invalid::new(&path.at("seed"), format!("the seed must be a non-negative integer, got {s}")));
        }
    };
    let discount = match raw.discount {
        None => 1.0,
        Some(d) if d > 0.0 && d <= 1.0 => d,
        Some(d) => {
            return Err(Invalid::new(&path.at("discount"), format!("the discount factor must be in (0, 1], got {d}")));
        }
    };
    let continuation = match raw.continuation {
        None => None,
        Some(p) if p > 0.0 && p <= 1.0 => Some(p),
        Some(p) => {
            return Err(Invalid::new(
                &path.at("continuation"),
                format!("the continuation probability must be in (0, 1], got {p}"),
            ));
        }
    };
    Ok(Repeat { rounds: rounds as usize, discount, continuation, runs: runs as u64, seed, move_order: None })
}

/// Checks `[repeat] move_order`: groups of player names, earliest first, every player exactly once.
fn check_move_order(raw: &[Vec<String>], path: &KeyPath, players: &[PlayerSpec]) -> Result<Vec<Vec<usize>>, Invalid> {
    let mut group_of = vec![None; players.len()];
    let mut order = Vec::with_capacity(raw.len());
    for (g, names) in raw.iter().enumerate() {
        if names.is_empty() {
            return Err(Invalid::new(&path.at(g), "a group of the move order must name at least one player"));
        }
        let mut group = Vec::with_capacity(names.len());
        for (k, name) in names.iter().enumerate() {
            let Some(i) = players.iter().position(|p| &p.name == name) else {
                return Err(Invalid::new(
                    &path.at(g).at(k),
                    format!(
                        "`{name}` is not a player of this game{}; the players are {}",
                        did_you_mean(name, players.iter().map(|p| p.name.as_str())),
                        list(players.iter().map(|p| p.name.as_str()))
                    ),
                ));
            };
            if let Some(first) = group_of[i] {
                return Err(Invalid::new(
                    &path.at(g).at(k),
                    format!("`{name}` is listed twice (first in group {first}); every player moves exactly once"),
                ));
            }
            group_of[i] = Some(g);
            group.push(i);
        }
        group.sort_unstable();
        order.push(group);
    }
    let missing: Vec<&str> =
        players.iter().zip(&group_of).filter(|(_, g)| g.is_none()).map(|(p, _)| p.name.as_str()).collect();
    if !missing.is_empty() {
        return Err(Invalid::new(
            path,
            format!(
                "the move order leaves out {}; every player must be listed exactly once (players moving at the same time share a group)",
                list(missing)
            ),
        ));
    }
    Ok(order)
}

fn int_in(v: Option<i64>, default: i64, lo: i64, hi: i64, path: &KeyPath, what: &str) -> Result<i64, Invalid> {
    let v = v.unwrap_or(default);
    if v < lo || v > hi {
        return Err(Invalid::new(path, format!("{what} must be between {lo} and {hi}, got {v}")));
    }
    Ok(v)
}

fn prob(v: Option<f64>, default: f64, path: &KeyPath, what: &str) -> Result<f64, Invalid> {
    let v = v.unwrap_or(default);
    if !(0.0..=1.0).contains(&v) {
        return Err(Invalid::new(path, format!("{what} is a probability and must be in [0, 1], got {v}")));
    }
    Ok(v)
}

fn positive(v: Option<f64>, default: f64, path: &KeyPath, what: &str) -> Result<f64, Invalid> {
    let v = v.unwrap_or(default);
    if !(v > 0.0 && v.is_finite()) {
        return Err(Invalid::new(path, format!("{what} must be a positive finite number, got {v}")));
    }
    Ok(v)
}

fn non_negative(v: Option<f64>, default: f64, path: &KeyPath, what: &str) -> Result<f64, Invalid> {
    let v = v.unwrap_or(default);
    if !(v >= 0.0 && v.is_finite()) {
        return Err(Invalid::new(path, format!("{what} must be a non-negative finite number, got {v}")));
    }
    Ok(v)
}

fn finite(v: Option<f64>, default: f64, path: &KeyPath, what: &str) -> Result<f64, Invalid> {
    let v = v.unwrap_or(default);
    if !v.is_finite() {
        return Err(Invalid::new(path, format!("{what} must be a finite number, got {v}")));
    }
    Ok(v)
}

fn resolve_player(players: &[PlayerSpec], me: usize, name: &str, path: &KeyPath) -> Result<usize, Invalid> {
    match name {
        "self" => Ok(me),
        "opponent" if players.len() == 2 => Ok(1 - me),
        "opponent" => Err(Invalid::new(
            path,
            format!(
                "`opponent` is only defined in two-player games; this game has {} players, so name one",
                players.len()
            ),
        )),
        _ => players.iter().position(|p| p.name == name).ok_or_else(|| {
            let names = players.iter().map(|p| p.name.as_str()).chain(["self", "opponent"]);
            Invalid::new(
                path,
                format!(
                    "`{name}` is not a player{}; use a player's name, `self` or `opponent`",
                    did_you_mean(name, names)
                ),
            )
        }),
    }
}

/// Checks one behaviour rule for player `me` of `players`, in a scenario with the settings
/// `repeat` (move order, discount; `None` for tournament strategies).
pub fn check_behaviour(
    rb: &RawBehaviour,
    path: &KeyPath,
    players: &[PlayerSpec],
    me: usize,
    repeat: Option<&Repeat>,
) -> Result<BehaviourSpec, Invalid> {
    let order = repeat.and_then(|r| r.move_order.as_deref());
    let own = &players[me];
    let n_actions = own.actions.len();
    Ok(match rb {
        RawBehaviour::Fixed { action } => {
            BehaviourSpec::Fixed { action: action_index(own, action, &path.at("action"))? }
        }
        RawBehaviour::Mixed { probabilities } => {
            let mut p = vec![0.0; n_actions];
            for (a, &x) in probabilities {
                let ap = path.at("probabilities").at(a.as_str());
                let i = action_index(own, a, &ap)?;
                p[i] = prob(Some(x), 0.0, &ap, "each probability")?;
            }
            let total: f64 = p.iter().sum();
            if (total - 1.0).abs() > 1e-9 {
                return Err(Invalid::new(
                    &path.at("probabilities"),
                    format!("the probabilities sum to {total}, not 1"),
                ));
            }
            BehaviourSpec::Mixed { probabilities: p }
        }
        RawBehaviour::Scripted { actions, after } => {
            if actions.is_empty() {
                return Err(Invalid::new(&path.at("actions"), "a script needs at least one action"));
            }
            let actions = actions
                .iter()
                .enumerate()
                .map(|(i, a)| action_index(own, a, &path.at("actions").at(i)))
                .collect::<Result<_, _>>()?;
            let after = match after.as_deref() {
                None | Some("hold") => AfterScript::Hold,
                Some("repeat") => AfterScript::Repeat,
                Some(o) => {
                    return Err(Invalid::new(
                        &path.at("after"),
                        format!("`after` is `hold` or `repeat`, got `{o}`{}", did_you_mean(o, ["hold", "repeat"])),
                    ));
                }
            };
            BehaviourSpec::Scripted { actions, after }
        }
        RawBehaviour::Reactive { initial, rules, default } => {
            let initial = initial
                .iter()
                .enumerate()
                .map(|(i, a)| action_index(own, a, &path.at("initial").at(i)))
                .collect::<Result<_, _>>()?;
            let default = action_index(own, default, &path.at("default"))?;
            let mut out = Vec::new();
            for (ri, r) in rules.iter().enumerate() {
                let rp = path.at("rules").at(ri);
                let play = action_index(own, &r.play, &rp.at("play"))?;
                let mut when = Vec::new();
                for (ci, c) in r.when.iter().enumerate() {
                    when.push(check_condition(c, &rp.at("when").at(ci), players, me, order)?);
                }
                out.push(Rule { when, play });
            }
            BehaviourSpec::Reactive { initial, rules: out, default }
        }
        RawBehaviour::Stackelberg {} => {
            BehaviourSpec::Stackelberg { order: order.map(<[_]>::to_vec).unwrap_or_default() }
        }
        RawBehaviour::Lookahead { depth, rollouts, discount } => {
            let depth = int_in(*depth, 4, 1, 1000, &path.at("depth"), "depth")? as usize;
            let n_rollouts = int_in(*rollouts, 8, 1, 100_000, &path.at("rollouts"), "rollouts")? as usize;
            let default_discount = repeat.map_or(1.0, |r| r.discount);
            let discount = match *discount {
                None => default_discount,
                Some(d) if d > 0.0 && d <= 1.0 => d,
                Some(d) => {
                    return Err(Invalid::new(
                        &path.at("discount"),
                        format!("the discount factor must be in (0, 1], got {d}"),
                    ));
                }
            };
            let work = n_rollouts * depth * players.len();
            if work > crate::behaviour::MAX_LOOKAHEAD_WORK {
                let key = if rollouts.is_some() { "rollouts" } else { "depth" };
                return Err(Invalid::new(
                    &path.at(key),
                    format!(
                        "rollouts × depth × players is {n_rollouts} × {depth} × {} = {work}, more than the limit of {}; use fewer rollouts or a smaller depth",
                        players.len(),
                        crate::behaviour::MAX_LOOKAHEAD_WORK
                    ),
                ));
            }
            BehaviourSpec::Lookahead { depth, rollouts: n_rollouts, discount }
        }
        #[allow(unreachable_patterns)]
        other => return check_learning_behaviour(other, path),
    })
}

/// A TOML number as short text: `1e308`, not three hundred digits.
fn short_number(v: &toml::Value) -> String {
    match v {
        toml::Value::Float(x) if x.abs() >= 1e15 => format!("{x:e}"),
        toml::Value::String(s) if s.len() > 40 => format!(
            "\"{}…\" ({} characters)",
            &s[..s.char_indices().nth(30).map_or(s.len(), |(i, _)| i)],
            s.chars().count()
        ),
        other => other.to_string(),
    }
}

fn check_condition(
    c: &raw::RawCondition,
    path: &KeyPath,
    players: &[PlayerSpec],
    me: usize,
    order: Option<&[Vec<usize>]>,
) -> Result<Condition, Invalid> {
    let player = resolve_player(players, me, &c.player, &path.at("player"))?;
    let p = &players[player];
    let names = |v: &OneOrMany, key: &str| -> Result<Vec<usize>, Invalid> {
        v.names().iter().map(|a| action_index(p, a, &path.at(key))).collect()
    };
    let actions = names(&c.action, "action")?;
    let k = |v: i64, key: &str| -> Result<usize, Invalid> {
        if !(1..=1_000_000).contains(&v) {
            Err(Invalid::new(
                &path.at(key),
                format!("`{key}` counts rounds back and must be between 1 and 1000000, got {v}"),
            ))
        } else {
            Ok(v as usize)
        }
    };
    let given =
        [c.ago.is_some(), c.within.is_some(), c.ever.is_some(), c.more_than.is_some()].iter().filter(|&&b| b).count();
    if given > 1 {
        return Err(Invalid::new(path, "give at most one of `ago`, `within`, `ever` and `more_than`"));
    }
    if c.window.is_some() && c.more_than.is_none() {
        return Err(Invalid::new(&path.at("window"), "`window` only applies to `more_than`"));
    }
    let timing = if let Some(0) = c.ago {
        // This round: only a player who moves in an earlier group has an action to look at.
        let group = |i: usize| order.and_then(|o| o.iter().position(|g| g.contains(&i)));
        match (group(player), group(me)) {
            (Some(theirs), Some(mine)) if theirs < mine => Timing::Ago(0),
            _ => {
                return Err(Invalid::new(
                    &path.at("ago"),
                    format!(
                        "`ago = 0` looks at this round, but `{}` does not move before `{}`{}; \
                         list it in an earlier group of `[repeat] move_order`, or use `ago = 1` for the last round",
                        p.name,
                        players[me].name,
                        if order.is_none() {
                            " (there is no `[repeat] move_order`: everyone moves at once)"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
    } else if let Some(a) = c.ago {
        Timing::Ago(k(a, "ago")?)
    } else if let Some(w) = c.within {
        Timing::Within(k(w, "within")?)
    } else if let Some(e) = c.ever {
        if !e {
            return Err(Invalid::new(&path.at("ever"), "`ever = false` is written `ever = true` with `not = true`"));
        }
        Timing::Ever
    } else if let Some(m) = &c.more_than {
        let window = c.window.map(|w| k(w, "window")).transpose()?;
        Timing::MoreThan { other: names(m, "more_than")?, window }
    } else {
        Timing::Ago(1)
    };
    Ok(Condition { player, actions, timing, negate: c.not })
}

fn check_learning_behaviour(rb: &RawBehaviour, path: &KeyPath) -> Result<BehaviourSpec, Invalid> {
    use crate::behaviour::{Belief, RegretVariant};
    Ok(match rb {
        RawBehaviour::BestResponse { epsilon } => {
            BehaviourSpec::BestResponse { epsilon: prob(*epsilon, 0.05, &path.at("epsilon"), "epsilon")? }
        }
        RawBehaviour::FictitiousPlay { prior } => {
            BehaviourSpec::FictitiousPlay { prior: non_negative(*prior, 1.0, &path.at("prior"), "prior")? }
        }
        RawBehaviour::Logit { temperature, belief, prior } => BehaviourSpec::Logit {
            temperature: positive(*temperature, 1.0, &path.at("temperature"), "temperature")?,
            belief: match belief.as_deref() {
                None | Some("empirical") => Belief::Empirical,
                Some("last_round") => Belief::LastRound,
                Some(o) => {
                    return Err(Invalid::new(
                        &path.at("belief"),
                        format!(
                            "`belief` is `empirical` or `last_round`, got `{o}`{}",
                            did_you_mean(o, ["empirical", "last_round"])
                        ),
                    ));
                }
            },
            prior: non_negative(*prior, 1.0, &path.at("prior"), "prior")?,
        },
        RawBehaviour::RegretMatching { variant, inertia } => BehaviourSpec::RegretMatching {
            variant: match variant.as_deref() {
                None | Some("unconditional") => RegretVariant::Unconditional,
                Some("conditional") => RegretVariant::Conditional,
                Some(o) => {
                    return Err(Invalid::new(
                        &path.at("variant"),
                        format!(
                            "`variant` is `unconditional` or `conditional`, got `{o}`{}",
                            did_you_mean(o, ["unconditional", "conditional"])
                        ),
                    ));
                }
            },
            inertia: non_negative(*inertia, 0.0, &path.at("inertia"), "inertia")?,
        },
        RawBehaviour::RothErev { initial_propensity, recency, experimentation } => BehaviourSpec::RothErev {
            initial_propensity: positive(
                *initial_propensity,
                1.0,
                &path.at("initial_propensity"),
                "initial_propensity",
            )?,
            recency: prob(*recency, 0.1, &path.at("recency"), "recency")?,
            experimentation: prob(*experimentation, 0.2, &path.at("experimentation"), "experimentation")?,
        },
        RawBehaviour::QLearning { learning_rate, discount, epsilon, initial_q } => BehaviourSpec::QLearning {
            learning_rate: prob(*learning_rate, 0.1, &path.at("learning_rate"), "learning_rate")?,
            discount: prob(*discount, 0.9, &path.at("discount"), "discount")?,
            epsilon: prob(*epsilon, 0.1, &path.at("epsilon"), "epsilon")?,
            initial_q: finite(*initial_q, 0.0, &path.at("initial_q"), "initial_q")?,
        },
        _ => unreachable!("the simple rules are checked by check_behaviour"),
    })
}

fn check_tournament(t: &raw::RawTournament, path: &KeyPath, game: &ScenarioGame) -> Result<TournamentSpec, Invalid> {
    let Some(g) = game.as_normal_form() else {
        return Err(Invalid::new(path, "a tournament needs a two-player matrix game"));
    };
    crate::tournament::check_symmetric(g).map_err(|m| Invalid::new(&KeyPath::root().at("game"), m))?;
    let players = game_players(g);
    let mut custom = Vec::new();
    for (name, rb) in &t.custom {
        if crate::tournament::registry::lookup(name).is_some() {
            return Err(Invalid::new(
                &path.at("custom").at(name.as_str()),
                format!("`{name}` is a registered strategy; give the custom one another name"),
            ));
        }
        let spec = check_behaviour(rb, &path.at("custom").at(name.as_str()), players, 0, None)?;
        custom.push((name.clone(), spec));
    }
    let mut strategies = Vec::new();
    for (i, s) in t.strategies.iter().enumerate() {
        let sp = path.at("strategies").at(i);
        if let Some((_, spec)) = custom.iter().find(|(n, _)| n == s) {
            strategies.push((s.clone(), crate::tournament::Entrant::Rule(spec.clone())));
        } else if crate::tournament::registry::lookup(s).is_some() {
            let entrant = crate::tournament::resolve(s, g).map_err(|e| Invalid::new(&sp, e.to_string()))?;
            strategies.push((s.clone(), entrant));
        } else {
            let names =
                crate::tournament::REGISTRY.iter().map(|r| r.name).chain(custom.iter().map(|(n, _)| n.as_str()));
            return Err(Invalid::new(
                &sp,
                format!(
                    "unknown strategy `{s}`{}; `chipgame tournament --list-strategies` lists the {} registered ones",
                    did_you_mean(s, names),
                    crate::tournament::REGISTRY.len()
                ),
            ));
        }
    }
    if strategies.len() < 2 {
        return Err(Invalid::new(&path.at("strategies"), "a tournament needs at least two strategies"));
    }
    let turns = int_in(t.turns, 200, 1, 100_000_000, &path.at("turns"), "turns")? as usize;
    let repetitions = int_in(t.repetitions, 10, 1, 100_000_000, &path.at("repetitions"), "repetitions")? as usize;
    let noise = prob(t.noise, 0.0, &path.at("noise"), "noise")?;
    let seed = match t.seed {
        None => 0,
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            return Err(Invalid::new(&path.at("seed"), format!("the seed must be a non-negative integer, got {s}")));
        }
    };
    Ok(TournamentSpec { strategies, turns, repetitions, noise, seed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::BehaviourSpec;

    const THREE: &str = r#"
[game]
players = [ { name = "A", actions = ["x", "y"] }, { name = "B", actions = ["x", "y"] }, { name = "C", actions = ["x", "y"] } ]
[game.payoffs]
"x,x,x" = [1, 1, 1]
"x,x,y" = [0, 0, 0]
"x,y,x" = [0, 0, 0]
"x,y,y" = [0, 0, 0]
"y,x,x" = [0, 0, 0]
"y,x,y" = [0, 0, 0]
"y,y,x" = [0, 0, 0]
"y,y,y" = [1, 1, 1]
"#;

    fn parse_with(extra: &str) -> Result<Scenario, ConfigError> {
        parse(&format!("{THREE}{extra}"), Path::new("t.toml"))
    }

    #[test]
    fn move_order_forward_looking_rules_and_ago_zero_parse_with_defaults() {
        let s = parse_with(
            r#"
[repeat]
discount = 0.9
move_order = [["C"], ["B", "A"]]
[behaviour.A]
rule = "reactive"
default = "x"
rules = [ { when = [ { player = "C", action = "y", ago = 0 } ], play = "y" } ]
[behaviour.B]
rule = "lookahead"
[behaviour.C]
rule = "stackelberg"
"#,
        )
        .unwrap();
        assert_eq!(s.repeat.move_order, Some(vec![vec![2], vec![0, 1]]));
        assert_eq!(s.behaviours[1], BehaviourSpec::Lookahead { depth: 4, rollouts: 8, discount: 0.9 });
        assert_eq!(s.behaviours[2], BehaviourSpec::Stackelberg { order: vec![vec![2], vec![0, 1]] });
        let BehaviourSpec::Reactive { rules, .. } = &s.behaviours[0] else { panic!() };
        assert_eq!(rules[0].when[0].timing, Timing::Ago(0));
        // Without a move order: simultaneous, the leader's followers are everyone else.
        let s = parse_with("[behaviour.A]\nrule = \"stackelberg\"\n[behaviour.B]\nrule = \"lookahead\"\ndepth = 2\ndiscount = 0.5\n[behaviour.C]\nrule = \"fixed\"\naction = \"x\"\n").unwrap();
        assert_eq!(s.repeat.move_order, None);
        assert_eq!(s.behaviours[0], BehaviourSpec::Stackelberg { order: vec![] });
        assert_eq!(s.behaviours[1], BehaviourSpec::Lookahead { depth: 2, rollouts: 8, discount: 0.5 });
    }

    #[test]
    fn bad_move_orders_and_lookahead_settings_name_their_key() {
        let rules = "[behaviour.A]\nrule = \"fixed\"\naction = \"x\"\n[behaviour.B]\nrule = \"fixed\"\naction = \"x\"\n[behaviour.C]\nrule = \"fixed\"\naction = \"x\"\n";
        for (repeat, key) in [
            (r#"move_order = [["A"], [], ["B", "C"]]"#, "key `repeat.move_order[1]`: a group"),
            (r#"move_order = [["A", "B", "C", "B"]]"#, "key `repeat.move_order[0][3]`: `B` is listed twice"),
            (r#"move_order = [["A"], ["Z"]]"#, "key `repeat.move_order[1][0]`: `Z` is not a player"),
            (r#"move_order = []"#, "leaves out `A`, `B`, `C`"),
        ] {
            let e = parse_with(&format!("[repeat]\n{repeat}\n{rules}")).unwrap_err().to_string();
            assert!(e.contains(key), "{repeat}: {e}");
        }
        let look = |extra: &str| {
            parse_with(&format!("[behaviour.A]\nrule = \"lookahead\"\n{extra}\n[behaviour.B]\nrule = \"fixed\"\naction = \"x\"\n[behaviour.C]\nrule = \"fixed\"\naction = \"x\"\n"))
                .unwrap_err()
                .to_string()
        };
        assert!(look("depth = 0").contains("key `behaviour.A.depth`"));
        assert!(look("discount = 1.5").contains("key `behaviour.A.discount`"));
        assert!(look("depth = 1000").contains("key `behaviour.A.depth`: rollouts × depth × players"));
        let e = parse_with(&format!(
            "[behaviour.A]\nrule = \"reactive\"\ndefault = \"x\"\nrules = [ {{ when = [ {{ player = \"B\", action = \"y\", ago = 0 }} ], play = \"y\" }} ]\n{}",
            &rules[rules.find("[behaviour.B]").unwrap()..]
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("there is no `[repeat] move_order`"), "{e}");
    }
}
