//! Charts: pure functions from plain data to `stem.png` and `stem.svg` (1200×800).
//!
//! Fonts: plotters is built without system fonts (`ab_glyph`), and the embedded DejaVu Sans is
//! registered as "sans-serif" once per process, so charts render on machines without fontconfig.
//! Every figure has a title, a legend strip under it, axis labels with units, and text of at
//! least 18 px (em size, PNG and SVG). Legends live outside the plotting areas, so they never hide data.
//!
//! Box plots are drawn from precomputed quantiles (not plotters' `Boxplot`, whose whiskers are
//! 1.5·IQR fences and which panics on empty or NaN input); non-finite values are skipped.

use crate::stats::Histogram;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::{
    BLACK, BitMapBackend, ChartBuilder, Circle, Color, DrawingArea, DrawingAreaErrorKind, DrawingBackend, FontStyle,
    FontTransform, IntoDrawingArea, IntoFont, PathElement, Polygon, RGBColor, Rectangle, SVGBackend, ShapeStyle,
    TextStyle, WHITE,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Pixel size of every chart.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 800;

const FONT: &str = "sans-serif";
// Sizes are plotters font sizes: the SVG font-size (em) is size / 1.24 and the PNG glyph height
// is about the size, so 23 gives at least 18.5 px text in both.
const TITLE_PX: u32 = 36;
const CAPTION_PX: u32 = 27;
const LABEL_PX: u32 = 23;
const DESC_PX: u32 = 25;
const LEGEND_PX: u32 = 23;
const LEGEND_ROW: u32 = 32;
const SIDE_LABEL: u32 = 38;

/// The quantile levels of [`Distribution::quantiles`].
pub const QUANTILE_LEVELS: [f64; 7] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/// Tableau 10: distinct, colour-blind-friendlier than the plotters default palette.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Why a chart could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("invalid chart input: {0}")]
    Input(String),
    #[error("the embedded font could not be registered")]
    Font,
    #[error("cannot create the chart directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// One payoff distribution: a histogram plus the quantiles at [`QUANTILE_LEVELS`] and the mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    pub histogram: Histogram,
    /// `[q01, q05, q25, q50, q75, q95, q99]`.
    pub quantiles: [f64; 7],
    pub mean: f64,
}

impl Distribution {
    /// Quantiles estimated from the histogram itself; NaN when it is empty.
    pub fn from_histogram(histogram: Histogram, mean: f64) -> Self {
        let quantiles = QUANTILE_LEVELS.map(|q| histogram.quantile(q).unwrap_or(f64::NAN));
        Distribution { histogram, quantiles, mean }
    }
}

/// One scenario's payoff distributions, one per agent (in the order of the `agents` argument).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSeries {
    pub name: String,
    pub per_agent: Vec<Distribution>,
}

/// Quantiles of one variable at one round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FanPoint {
    pub q05: f64,
    pub q25: f64,
    pub q50: f64,
    pub q75: f64,
    pub q95: f64,
}

impl FanPoint {
    fn values(&self) -> [f64; 5] {
        [self.q05, self.q25, self.q50, self.q75, self.q95]
    }
}

/// One agent for [`strategy_shares`]: `(name, actions, shares[round][action])`.
pub type AgentShares = (String, Vec<String>, Vec<Vec<f64>>);

/// One series for [`first_round_distributions`]: `(name, [(round, count)], never, runs)`.
pub type FirstRoundSeries = (String, Vec<(usize, u64)>, u64, u64);

// ---------------------------------------------------------------------------------------------
// Plumbing: font, files, text, legend, frame.

static FONT_REGISTERED: OnceLock<bool> = OnceLock::new();

fn ensure_font() -> Result<(), ChartError> {
    let ok = *FONT_REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, include_bytes!("../../assets/DejaVuSans.ttf")).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = stem.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Draws the same figure into `stem.png` and `stem.svg`.
macro_rules! render {
    ($stem:expr, |$root:ident| $body:expr) => {{
        ensure_font()?;
        let stem: &Path = $stem;
        if let Some(dir) = stem.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let png = with_suffix(stem, ".png");
        let svg = with_suffix(stem, ".svg");
        {
            let $root = BitMapBackend::new(&png, (WIDTH, HEIGHT)).into_drawing_area();
            $body?;
            $root.present()?;
        }
        {
            let $root = SVGBackend::new(&svg, (WIDTH, HEIGHT)).into_drawing_area();
            $body?;
            $root.present()?;
        }
        Ok(())
    }};
}

fn text_style(px: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, px).into_font()).color(&BLACK)
}

fn centred(px: u32) -> TextStyle<'static> {
    text_style(px).pos(Pos::new(HPos::Center, VPos::Center))
}

/// Compact tick labels: nice values print without float noise.
fn fmt_tick(v: f64) -> String {
    let a = v.abs();
    if a < 1e-12 {
        return "0".into();
    }
    if !(1e-3..1e6).contains(&a) {
        return format!("{v:.1e}");
    }
    let decimals = (2 - a.log10().floor() as i32).clamp(0, 4) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

fn fmt_percent(v: &f64) -> String {
    let p = v * 100.0;
    if (p - p.round()).abs() < 1e-9 { format!("{:.0}%", p) } else { format!("{p:.1}%") }
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
enum Mark {
    /// A filled swatch with this opacity.
    Fill(RGBColor, f64),
    /// A line of this width.
    Line(RGBColor, u32),
}

struct Entry {
    label: String,
    mark: Mark,
}

const SWATCH: u32 = 26;
const ENTRY_GAP: u32 = 24;

/// Rows of legend entries (indices and widths) that fit in `width` pixels.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    width: u32,
) -> Result<Vec<Vec<(usize, u32)>>, ChartError> {
    let style = text_style(LEGEND_PX);
    let mut rows: Vec<Vec<(usize, u32)>> = vec![];
    let mut used = 0;
    for (i, e) in entries.iter().enumerate() {
        let (tw, _) = area.estimate_text_size(&e.label, &style)?;
        let w = SWATCH + 8 + tw;
        if rows.is_empty() || used + ENTRY_GAP + w > width.saturating_sub(16) {
            rows.push(vec![]);
            used = 0;
        } else {
            used += ENTRY_GAP;
        }
        rows.last_mut().expect("pushed above").push((i, w));
        used += w;
    }
    Ok(rows)
}

fn legend_height(rows: usize) -> u32 {
    if rows == 0 { 0 } else { rows as u32 * LEGEND_ROW + 8 }
}

/// Draws `entries` as centred rows in `area` (sized with [`legend_height`]).
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    rows: &[Vec<(usize, u32)>],
) -> Result<(), ChartError> {
    let width = area.dim_in_pixel().0;
    let style = text_style(LEGEND_PX).pos(Pos::new(HPos::Left, VPos::Center));
    for (r, row) in rows.iter().enumerate() {
        let total: u32 = row.iter().map(|(_, w)| w).sum::<u32>() + ENTRY_GAP * (row.len() as u32 - 1);
        let mut x = (width.saturating_sub(total) / 2) as i32;
        let yc = (4 + r as u32 * LEGEND_ROW + LEGEND_ROW / 2) as i32;
        for &(i, w) in row {
            let e = &entries[i];
            match e.mark {
                Mark::Fill(c, alpha) => {
                    area.draw(&Rectangle::new([(x, yc - 9), (x + SWATCH as i32, yc + 9)], c.mix(alpha).filled()))?;
                    area.draw(&Rectangle::new([(x, yc - 9), (x + SWATCH as i32, yc + 9)], c.stroke_width(1)))?;
                }
                Mark::Line(c, lw) => {
                    area.draw(&PathElement::new(vec![(x, yc), (x + SWATCH as i32, yc)], c.stroke_width(lw)))?;
                }
            }
            area.draw_text(&e.label, &style, (x + SWATCH as i32 + 8, yc))?;
            x += (w + ENTRY_GAP) as i32;
        }
    }
    Ok(())
}

/// Common layout of a figure: white background, title, legend strip, an optional note line,
/// optional shared axis labels (bottom and left). Returns the area left for the panels.
struct Frame<'a> {
    title: &'a str,
    legend: &'a [Entry],
    note: Option<&'a str>,
    x_label: Option<&'a str>,
    y_label: Option<&'a str>,
}

fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &Frame,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let (top, mut body) = root.split_vertically(TITLE_PX + 20);
    top.draw_text(f.title, &centred(TITLE_PX), ((w / 2) as i32, ((TITLE_PX + 20) / 2) as i32))?;
    let rows = legend_rows(&body, f.legend, w)?;
    if !rows.is_empty() {
        let (l, rest) = body.split_vertically(legend_height(rows.len()));
        draw_legend(&l, f.legend, &rows)?;
        body = rest;
    }
    if let Some(note) = f.note {
        let (n, rest) = body.split_vertically(LEGEND_PX + 12);
        n.draw_text(note, &centred(LEGEND_PX), ((w / 2) as i32, ((LEGEND_PX + 12) / 2) as i32))?;
        body = rest;
    }
    if let Some(x_label) = f.x_label {
        let h = body.dim_in_pixel().1;
        let (rest, bottom) = body.split_vertically(h.saturating_sub(SIDE_LABEL));
        bottom.draw_text(x_label, &centred(DESC_PX), ((w / 2) as i32, (SIDE_LABEL / 2) as i32))?;
        body = rest;
    }
    if let Some(y_label) = f.y_label {
        let h = body.dim_in_pixel().1;
        let (left, rest) = body.split_horizontally(SIDE_LABEL);
        let style = centred(DESC_PX).transform(FontTransform::Rotate270);
        left.draw_text(y_label, &style, ((SIDE_LABEL / 2) as i32, (h / 2) as i32))?;
        body = rest;
    }
    Ok(body)
}

/// Rows and columns for `n` panels: as square as possible, wider than tall (5 → 2×3).
fn grid(n: usize) -> (usize, usize) {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    (n.div_ceil(cols).max(1), cols)
}

/// `[lo, hi]` of the finite values, padded by `pad` of the span (or ±1 for a single value).
fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        return None;
    }
    let span = hi - lo;
    if span <= 0.0 {
        let d = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
        return Some((lo - d, hi + d));
    }
    Some((lo - pad * span, hi + pad * span))
}

/// Room for y tick labels like `samples` (plus the tick marks).
fn tick_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, samples: &[String]) -> Result<u32, ChartError> {
    let style = text_style(LABEL_PX);
    let mut w = 0;
    for s in samples {
        w = w.max(area.estimate_text_size(s, &style)?.0);
    }
    Ok((w + 18).max(40))
}

fn no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, caption: &str) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    area.draw_text(caption, &centred(CAPTION_PX), ((w / 2) as i32, 20))?;
    area.draw_text("no data", &centred(LABEL_PX).color(&BLACK.mix(0.5)), ((w / 2) as i32, (h / 2) as i32))?;
    Ok(())
}

/// A linear f64 axis whose ticks are exactly `keys` (category positions), with room for a
/// custom label formatter (plotters' `with_key_points` on f64 has no formatter).
struct KeyedAxis {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Ranged for KeyedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        limit.0 + (t * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() { vec![] } else { self.keys.clone() }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

// ---------------------------------------------------------------------------------------------
// (a) Payoff distributions.

/// One panel per agent; in each, one violin-and-box per scenario: shading is the histogram
/// (mirrored, scaled to the panel), the box spans 25–75%, the black bar is the median, the
/// whiskers reach 5% and 95%, small dots mark 1% and 99%, and the white dot is the mean.
/// Scenarios are distinguished by colour (legend under the title). `payoff_unit` labels the
/// y axis, e.g. "discounted payoff (model units)".
pub fn payoff_distributions(
    title: &str,
    payoff_unit: &str,
    agents: &[String],
    scenarios: &[ScenarioSeries],
    path_stem: &Path,
) -> Result<(), ChartError> {
    if agents.is_empty() || scenarios.is_empty() {
        return Err(ChartError::Input("payoff_distributions needs at least one agent and one scenario".into()));
    }
    if let Some(s) = scenarios.iter().find(|s| s.per_agent.len() != agents.len()) {
        return Err(ChartError::Input(format!(
            "scenario {:?} has {} distributions for {} agents",
            s.name,
            s.per_agent.len(),
            agents.len()
        )));
    }
    let legend: Vec<Entry> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| Entry { label: s.name.clone(), mark: Mark::Fill(colour(i), 0.85) })
        .collect();
    let note = "box 25–75%, bar median, whiskers 5–95%, dots 1% and 99%, white dot mean, shading histogram";
    render!(path_stem, |root| draw_payoffs(&root, title, payoff_unit, agents, scenarios, &legend, note))
}

fn draw_payoffs<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    payoff_unit: &str,
    agents: &[String],
    scenarios: &[ScenarioSeries],
    legend: &[Entry],
    note: &str,
) -> Result<(), ChartError> {
    let body = draw_frame(root, &Frame { title, legend, note: Some(note), x_label: None, y_label: Some(payoff_unit) })?;
    let panels = body.split_evenly(grid(agents.len()));
    let n_s = scenarios.len();
    for (a, (agent, area)) in agents.iter().zip(&panels).enumerate() {
        let dists: Vec<&Distribution> = scenarios.iter().map(|s| &s.per_agent[a]).collect();
        let Some((y0, y1)) = padded_range(dists.iter().flat_map(|d| d.quantiles.into_iter().chain([d.mean])), 0.06)
        else {
            no_data(area, agent)?;
            continue;
        };
        let positions: Vec<f64> = (0..n_s).map(|s| s as f64).collect();
        // Scenario names under the boxes only when they fit; the legend always names them.
        let slot = area.dim_in_pixel().0.saturating_sub(90) / n_s as u32;
        let style = text_style(LABEL_PX);
        let mut fits = true;
        for s in scenarios {
            fits &= area.estimate_text_size(&s.name, &style)?.0 + 6 <= slot;
        }
        let mut chart = ChartBuilder::on(area)
            .caption(agent, (FONT, CAPTION_PX))
            .margin(8)
            .margin_right(16)
            .x_label_area_size(if fits { 36 } else { 8 })
            .y_label_area_size(tick_width(area, &[fmt_tick(y0), fmt_tick(y1)])?)
            .build_cartesian_2d(KeyedAxis { lo: -0.5, hi: n_s as f64 - 0.5, keys: positions }, y0..y1)?;
        let names = |v: &f64| {
            let i = v.round();
            if fits && (v - i).abs() < 1e-9 && i >= 0.0 && (i as usize) < n_s {
                scenarios[i as usize].name.clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.12))
            .label_style((FONT, LABEL_PX))
            .x_label_formatter(&names)
            .y_label_formatter(&|v| fmt_tick(*v))
            .y_labels(6)
            .draw()?;
        let clip = |v: f64| v.clamp(y0, y1);
        for (s, d) in dists.iter().enumerate() {
            let c = colour(s);
            let x = s as f64;
            // Shading: the histogram, mirrored around the scenario's position.
            let h = &d.histogram;
            let total = h.n();
            let max_count = h.counts().iter().copied().max().unwrap_or(0);
            if total > 0 && max_count > 0 {
                let bars = h.counts().iter().enumerate().filter(|&(_, &k)| k > 0).filter_map(|(i, &k)| {
                    let (b0, b1) = (clip(h.edge(i)), clip(h.edge(i + 1)));
                    let half = 0.42 * k as f64 / max_count as f64;
                    (b1 > b0).then(|| Rectangle::new([(x - half, b0), (x + half, b1)], c.mix(0.22).filled()))
                });
                chart.draw_series(bars)?;
            }
            let [q01, q05, q25, q50, q75, q95, q99] = d.quantiles;
            let line = |pts: Vec<(f64, f64)>, w: u32| PathElement::new(pts, BLACK.stroke_width(w));
            if q05.is_finite() && q95.is_finite() {
                chart.draw_series([
                    line(vec![(x, clip(q05)), (x, clip(q95))], 2),
                    line(vec![(x - 0.07, clip(q05)), (x + 0.07, clip(q05))], 2),
                    line(vec![(x - 0.07, clip(q95)), (x + 0.07, clip(q95))], 2),
                ])?;
            }
            if q25.is_finite() && q75.is_finite() {
                chart.draw_series([
                    Rectangle::new([(x - 0.14, clip(q25)), (x + 0.14, clip(q75))], c.filled()),
                    Rectangle::new([(x - 0.14, clip(q25)), (x + 0.14, clip(q75))], BLACK.stroke_width(1)),
                ])?;
            }
            if q50.is_finite() {
                chart.draw_series([line(vec![(x - 0.14, clip(q50)), (x + 0.14, clip(q50))], 4)])?;
            }
            let dots =
                [q01, q99].into_iter().filter(|v| v.is_finite()).map(|v| Circle::new((x, clip(v)), 3, BLACK.filled()));
            chart.draw_series(dots)?;
            if d.mean.is_finite() {
                chart.draw_series([
                    Circle::new((x, clip(d.mean)), 6, WHITE.filled()),
                    Circle::new((x, clip(d.mean)), 6, BLACK.stroke_width(2)),
                ])?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// (b) Fan charts.

const FAN: RGBColor = RGBColor(31, 119, 180);
const FAN_DARK: RGBColor = RGBColor(8, 48, 107);

fn fan_legend() -> Vec<Entry> {
    vec![
        Entry { label: "90% band (5–95%)".into(), mark: Mark::Fill(FAN, 0.2) },
        Entry { label: "50% band (25–75%)".into(), mark: Mark::Fill(FAN, 0.45) },
        Entry { label: "median".into(), mark: Mark::Line(FAN_DARK, 3) },
    ]
}

/// One variable over rounds: the median line, and the 50% and 90% bands across runs.
/// `variable_label_with_unit` labels the y axis; `rounds[i]` is the round of `bands[i]`.
pub fn fan_chart(
    title: &str,
    variable_label_with_unit: &str,
    rounds: &[usize],
    bands: &[FanPoint],
    path_stem: &Path,
) -> Result<(), ChartError> {
    check_fan(variable_label_with_unit, rounds, bands)?;
    let legend = fan_legend();
    render!(path_stem, |root| {
        let body = draw_frame(&root, &Frame { title, legend: &legend, note: None, x_label: None, y_label: None })?;
        draw_fan_panel(&body, None, Some(variable_label_with_unit), rounds, bands)
    })
}

/// Several variables over the same rounds, one fan panel each (captioned with its label and
/// unit), in a grid.
pub fn fan_charts(
    title: &str,
    panels: &[(String, Vec<FanPoint>)],
    rounds: &[usize],
    path_stem: &Path,
) -> Result<(), ChartError> {
    if panels.is_empty() {
        return Err(ChartError::Input("fan_charts needs at least one panel".into()));
    }
    for (label, bands) in panels {
        check_fan(label, rounds, bands)?;
    }
    let legend = fan_legend();
    render!(path_stem, |root| {
        let body = draw_frame(
            &root,
            &Frame { title, legend: &legend, note: None, x_label: Some("round (quarter)"), y_label: None },
        )?;
        let areas = body.split_evenly(grid(panels.len()));
        panels
            .iter()
            .zip(&areas)
            .try_for_each(|((label, bands), area)| draw_fan_panel(area, Some(label), None, rounds, bands))
    })
}

fn check_fan(label: &str, rounds: &[usize], bands: &[FanPoint]) -> Result<(), ChartError> {
    if rounds.len() != bands.len() {
        return Err(ChartError::Input(format!("{label:?}: {} rounds but {} fan points", rounds.len(), bands.len())));
    }
    Ok(())
}

fn draw_fan_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: Option<&str>,
    y_desc: Option<&str>,
    rounds: &[usize],
    bands: &[FanPoint],
) -> Result<(), ChartError> {
    let pts: Vec<(f64, FanPoint)> = rounds
        .iter()
        .zip(bands)
        .filter(|(_, p)| p.values().iter().all(|v| v.is_finite()))
        .map(|(&r, &p)| (r as f64, p))
        .collect();
    let Some((y0, y1)) = padded_range(pts.iter().flat_map(|(_, p)| [p.q05, p.q95]), 0.06) else {
        return no_data(area, caption.unwrap_or("no data"));
    };
    let (x0, x1) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (r, _)| (a.min(*r), b.max(*r)));
    // A single round (or all at one round) gets a unit-wide axis around it.
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (x0 - 0.5, x0 + 0.5) };
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(10)
        .margin_right(24)
        .x_label_area_size(if y_desc.is_some() { 72 } else { 36 })
        .y_label_area_size(tick_width(area, &[fmt_tick(y0), fmt_tick(y1)])? + if y_desc.is_some() { 40 } else { 0 });
    if let Some(c) = caption {
        builder.caption(c, (FONT, CAPTION_PX));
    }
    let mut chart = builder.build_cartesian_2d(x0..x1, y0..y1)?;
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((FONT, DESC_PX))
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&|v| if (v - v.round()).abs() < 1e-9 { format!("{}", v.round()) } else { String::new() })
        .y_label_formatter(&|v| fmt_tick(*v));
    if let Some(d) = y_desc {
        mesh.y_desc(d).x_desc("round (quarter)");
    }
    mesh.draw()?;
    let band = |lo: fn(&FanPoint) -> f64, hi: fn(&FanPoint) -> f64, alpha: f64| {
        let mut poly: Vec<(f64, f64)> = pts.iter().map(|(r, p)| (*r, hi(p))).collect();
        poly.extend(pts.iter().rev().map(|(r, p)| (*r, lo(p))));
        Polygon::new(poly, FAN.mix(alpha).filled())
    };
    if pts.len() > 1 {
        chart.draw_series([band(|p| p.q05, |p| p.q95, 0.2), band(|p| p.q25, |p| p.q75, 0.45)])?;
        chart.draw_series([PathElement::new(
            pts.iter().map(|(r, p)| (*r, p.q50)).collect::<Vec<_>>(),
            FAN_DARK.stroke_width(3),
        )])?;
    } else {
        // One round: bars instead of bands.
        let (r, p) = pts[0];
        chart.draw_series([
            Rectangle::new([(r - 0.3, p.q05), (r + 0.3, p.q95)], FAN.mix(0.2).filled()),
            Rectangle::new([(r - 0.3, p.q25), (r + 0.3, p.q75)], FAN.mix(0.45).filled()),
        ])?;
        chart.draw_series([PathElement::new(vec![(r - 0.3, p.q50), (r + 0.3, p.q50)], FAN_DARK.stroke_width(3))])?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// (c) Strategy shares.

/// Per agent `(name, actions, shares[round][action])`: stacked areas of the share of runs
/// choosing each action, one panel per agent with its own legend. Round `i` of `shares` is
/// plotted at round `i + 1`. Shares are stacked as given and clipped to [0, 1].
pub fn strategy_shares(title: &str, agents: &[AgentShares], path_stem: &Path) -> Result<(), ChartError> {
    if agents.is_empty() {
        return Err(ChartError::Input("strategy_shares needs at least one agent".into()));
    }
    for (name, actions, shares) in agents {
        if let Some(row) = shares.iter().find(|row| row.len() != actions.len()) {
            return Err(ChartError::Input(format!(
                "{name:?}: a round has {} shares for {} actions",
                row.len(),
                actions.len()
            )));
        }
    }
    render!(path_stem, |root| draw_shares(&root, title, agents))
}

fn draw_shares<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    agents: &[AgentShares],
) -> Result<(), ChartError> {
    let body = draw_frame(
        root,
        &Frame { title, legend: &[], note: None, x_label: Some("round (quarter)"), y_label: Some("share of runs") },
    )?;
    let areas = body.split_evenly(grid(agents.len()));
    let legends: Vec<Vec<Entry>> = agents
        .iter()
        .map(|(_, actions, _)| {
            actions
                .iter()
                .enumerate()
                .map(|(i, a)| Entry { label: a.clone(), mark: Mark::Fill(colour(i), 0.8) })
                .collect()
        })
        .collect();
    // Every panel reserves as many legend rows as the fullest one, so the plots line up.
    let mut max_rows = 0;
    for (legend, area) in legends.iter().zip(&areas) {
        max_rows = max_rows.max(legend_rows(area, legend, area.dim_in_pixel().0)?.len());
    }
    for (((name, _, shares), legend), area) in agents.iter().zip(&legends).zip(&areas) {
        let (w, _) = area.dim_in_pixel();
        let (cap, rest) = area.split_vertically(CAPTION_PX + 12);
        cap.draw_text(name, &centred(CAPTION_PX), ((w / 2) as i32, ((CAPTION_PX + 12) / 2) as i32))?;
        let rows = legend_rows(&rest, legend, w)?;
        let (leg, plot) = rest.split_vertically(legend_height(max_rows) + 6);
        draw_legend(&leg, legend, &rows)?;
        if shares.is_empty() {
            no_data(&plot, "")?;
            continue;
        }
        let n = shares.len();
        // Rounds are points 1..=n; a single round is widened into a block.
        let xs: Vec<f64> = if n == 1 { vec![0.6, 1.4] } else { (1..=n).map(|r| r as f64).collect() };
        let rows_at = |i: usize| &shares[if n == 1 { 0 } else { i }];
        let mut chart = ChartBuilder::on(&plot)
            .margin(8)
            .margin_right(20)
            .x_label_area_size(36)
            .y_label_area_size(tick_width(&plot, &["100%".into()])?)
            .build_cartesian_2d(xs[0]..xs[xs.len() - 1], 0.0..1.0)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.12))
            .label_style((FONT, LABEL_PX))
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| if (v - v.round()).abs() < 1e-9 { format!("{}", v.round()) } else { String::new() })
            .y_label_formatter(&fmt_percent)
            .draw()?;
        let cum = |i: usize, upto: usize| -> f64 {
            rows_at(i)[..upto].iter().filter(|v| v.is_finite()).map(|v| v.max(0.0)).sum::<f64>().min(1.0)
        };
        for a in 0..legend.len() {
            let mut poly: Vec<(f64, f64)> = xs.iter().enumerate().map(|(i, &x)| (x, cum(i, a + 1))).collect();
            poly.extend(xs.iter().enumerate().rev().map(|(i, &x)| (x, cum(i, a))));
            chart.draw_series([Polygon::new(poly, colour(a).mix(0.8).filled())])?;
        }
        chart.plotting_area().draw(&Rectangle::new(
            [(xs[0], 0.0), (xs[xs.len() - 1], 1.0)],
            ShapeStyle { color: BLACK.mix(0.4), filled: false, stroke_width: 1 },
        ))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// (d) First-round distributions.

/// The round in which an event first happens, as a share of runs: one bar per round plus a
/// "never" bar. `label` describes the event and labels the x axis, e.g.
/// "round (quarter) in which the US first permits H200".
#[allow(clippy::too_many_arguments)]
pub fn first_round_distribution(
    title: &str,
    label: &str,
    counts_by_round: &[(usize, u64)],
    never: u64,
    runs: u64,
    series_name: &str,
    path_stem: &Path,
) -> Result<(), ChartError> {
    first_round_distributions(
        title,
        label,
        &[(series_name.to_string(), counts_by_round.to_vec(), never, runs)],
        path_stem,
    )
}

/// Several series `(name, counts_by_round, never, runs)` side by side in each round.
pub fn first_round_distributions(
    title: &str,
    label: &str,
    series: &[FirstRoundSeries],
    path_stem: &Path,
) -> Result<(), ChartError> {
    if series.is_empty() {
        return Err(ChartError::Input("first_round_distributions needs at least one series".into()));
    }
    if let Some((name, ..)) = series.iter().find(|s| s.3 == 0) {
        return Err(ChartError::Input(format!("series {name:?} has zero runs")));
    }
    let legend: Vec<Entry> = series
        .iter()
        .enumerate()
        .map(|(i, s)| Entry { label: s.0.clone(), mark: Mark::Fill(colour(i), 0.85) })
        .collect();
    render!(path_stem, |root| draw_first_rounds(&root, title, label, series, &legend))
}

fn draw_first_rounds<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    label: &str,
    series: &[FirstRoundSeries],
    legend: &[Entry],
) -> Result<(), ChartError> {
    let body = draw_frame(root, &Frame { title, legend, note: None, x_label: None, y_label: None })?;
    let rounds = series.iter().flat_map(|s| s.1.iter().map(|&(r, _)| r));
    let (r_min, r_max) = rounds.fold((usize::MAX, 0), |(a, b), r| (a.min(r), b.max(r)));
    let (r_min, r_max) = if r_min > r_max { (1, 0) } else { (r_min, r_max) };
    // Categories: rounds r_min..=r_max at 0..k, then "never" after a gap.
    let k = r_max + 1 - r_min;
    let never_x = k as f64 + 0.5;
    let step = k.div_ceil(16).max(1);
    let mut keys: Vec<f64> = (0..k).step_by(step).map(|i| i as f64).collect();
    keys.push(never_x);
    let share = |c: u64, runs: u64| c as f64 / runs as f64;
    let y_max = series
        .iter()
        .flat_map(|s| s.1.iter().map(|&(_, c)| share(c, s.3)).chain([share(s.2, s.3)]))
        .fold(0.0f64, f64::max);
    let y_max = if y_max > 0.0 { (y_max * 1.1).min(1.0).max(y_max) } else { 1.0 };
    let mut chart = ChartBuilder::on(&body)
        .margin(10)
        .margin_right(24)
        .x_label_area_size(72)
        .y_label_area_size(tick_width(&body, &["100%".into()])? + 40)
        .build_cartesian_2d(KeyedAxis { lo: -0.6, hi: never_x + 0.6, keys }, 0.0..y_max)?;
    let name_of = |v: &f64| {
        if (v - never_x).abs() < 1e-9 {
            "never".to_string()
        } else if (v - v.round()).abs() < 1e-9 && *v >= 0.0 {
            format!("{}", v.round() as usize + r_min)
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((FONT, DESC_PX))
        .x_desc(label)
        .y_desc("share of runs")
        .x_label_formatter(&name_of)
        .y_label_formatter(&fmt_percent)
        .y_labels(8)
        .draw()?;
    let n_s = series.len() as f64;
    let bar_w = 0.8 / n_s;
    for (s, (_, counts, never, runs)) in series.iter().enumerate() {
        let c = colour(s);
        let left = |x: f64| x - 0.4 + s as f64 * bar_w;
        let bars = counts
            .iter()
            .map(|&(r, n)| ((r - r_min) as f64, share(n, *runs)))
            .chain([(never_x, share(*never, *runs))])
            .filter(|&(_, y)| y > 0.0)
            .map(|(x, y)| Rectangle::new([(left(x), 0.0), (left(x) + bar_w, y.min(y_max))], c.mix(0.85).filled()));
        chart.draw_series(bars)?;
    }
    // A dashed separator before "never".
    if k == 0 {
        return Ok(());
    }
    let sep = never_x - 0.75;
    let mut dash = vec![];
    let mut y = 0.0;
    while y < y_max {
        dash.push(PathElement::new(
            vec![(sep, y), (sep, (y + y_max / 60.0).min(y_max))],
            BLACK.mix(0.5).stroke_width(1),
        ));
        y += y_max / 30.0;
    }
    chart.draw_series(dash)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_size(path: &Path) -> (u32, u32) {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        (be(16), be(20))
    }

    fn assert_written(stem: &Path) {
        let png = with_suffix(stem, ".png");
        let svg = with_suffix(stem, ".svg");
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        let svg_text = std::fs::read_to_string(&svg).unwrap();
        assert!(svg_text.len() > 1000 && svg_text.contains("<svg"), "{}", svg.display());
        // Every text is at least 18 px in the SVG (plotters writes size / 1.24 as font-size).
        let sizes: Vec<f64> = svg_text
            .split("font-size=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(!sizes.is_empty() && sizes.iter().all(|&px| px >= 18.0), "{}: {sizes:?}", svg.display());
    }

    /// Where the examples go: a temp dir, or `CHART_EXAMPLES` to keep them for looking at.
    fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
        match std::env::var_os("CHART_EXAMPLES") {
            Some(d) => (None, PathBuf::from(d)),
            None => {
                let t = tempfile::tempdir().unwrap();
                let p = t.path().to_path_buf();
                (Some(t), p)
            }
        }
    }

    /// A deterministic skewed sample around `centre`.
    fn sample(centre: f64, spread: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                let u = (s >> 11) as f64 / (1u64 << 53) as f64;
                let v = ((s >> 3) & 0xffff) as f64 / 65536.0;
                centre + spread * ((u + v) - 1.0) + spread * 0.5 * u * u
            })
            .collect()
    }

    fn distribution(xs: &[f64]) -> Distribution {
        let mut h = Histogram::from_pilot(&xs[..100.min(xs.len())], 40);
        xs.iter().for_each(|&x| h.push(x));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        Distribution::from_histogram(h, mean)
    }

    #[test]
    fn payoff_distributions_writes_png_and_svg() {
        let (_keep, dir) = out_dir();
        let agents: Vec<String> =
            ["United States", "China", "Nvidia", "Taiwan (TSMC)", "Netherlands (ASML)"].map(String::from).into();
        let scenarios: Vec<ScenarioSeries> = ["baseline", "H200 permitted", "full embargo"]
            .iter()
            .enumerate()
            .map(|(s, name)| ScenarioSeries {
                name: name.to_string(),
                per_agent: (0..agents.len())
                    .map(|a| {
                        distribution(&sample(
                            10.0 * a as f64 + 3.0 * s as f64,
                            4.0 + s as f64,
                            4000,
                            (a * 7 + s) as u64,
                        ))
                    })
                    .collect(),
            })
            .collect();
        let stem = dir.join("payoff_distributions");
        payoff_distributions(
            "Total payoff by agent and scenario",
            "discounted payoff (model units)",
            &agents,
            &scenarios,
            &stem,
        )
        .unwrap();
        assert_written(&stem);
        // An agent without data and NaN quantiles do not panic.
        let mut empty = scenarios.clone();
        for (i, s) in empty.iter_mut().enumerate() {
            s.name = format!("S{}", i + 1); // short names are written under the boxes too
            s.per_agent[1] = Distribution::from_histogram(Histogram::new(0.0, 1.0, 4), f64::NAN);
        }
        payoff_distributions("t", "u", &agents, &empty, &dir.join("payoff_empty")).unwrap();
        assert!(matches!(
            payoff_distributions("t", "u", &agents[..2], &scenarios, &dir.join("bad")),
            Err(ChartError::Input(_))
        ));
    }

    fn fan(n: usize, scale: f64) -> Vec<FanPoint> {
        (0..n)
            .map(|i| {
                let m = scale * (1.0 + (i as f64 / 6.0).sin() + i as f64 / 20.0);
                let w = scale * (0.2 + i as f64 / 40.0);
                FanPoint { q05: m - 2.0 * w, q25: m - 0.7 * w, q50: m, q75: m + 0.8 * w, q95: m + 2.5 * w }
            })
            .collect()
    }

    #[test]
    fn fan_charts_write_png_and_svg() {
        let (_keep, dir) = out_dir();
        let rounds: Vec<usize> = (1..=40).collect();
        let stem = dir.join("fan_chart");
        fan_chart("China domestic AI compute", "domestic compute (EFLOP/s)", &rounds, &fan(40, 3.0), &stem).unwrap();
        assert_written(&stem);
        let panels = vec![
            ("domestic compute (EFLOP/s)".to_string(), fan(40, 3.0)),
            ("frontier gap (months)".to_string(), fan(40, 12.0)),
            ("Nvidia China revenue ($bn/quarter)".to_string(), fan(40, 1.5)),
            ("smuggled GPUs (thousands)".to_string(), fan(40, 40.0)),
        ];
        let stem = dir.join("fan_charts");
        fan_charts("State variables across runs", &panels, &rounds, &stem).unwrap();
        assert_written(&stem);
        fan_chart("one round", "x (units)", &[1], &fan(1, 1.0), &dir.join("fan_one")).unwrap();
        assert!(fan_chart("t", "x", &[1, 2], &fan(1, 1.0), &dir.join("bad")).is_err());
    }

    #[test]
    fn strategy_shares_writes_png_and_svg() {
        let (_keep, dir) = out_dir();
        let n = 40;
        let three = |phase: f64| -> Vec<Vec<f64>> {
            (0..n)
                .map(|r| {
                    let t = r as f64 / n as f64;
                    let a = 0.6 * (1.0 - t) + 0.1 * (phase + 6.0 * t).sin().abs();
                    let b = 0.3 * t + 0.1;
                    vec![a, b, 1.0 - a - b]
                })
                .collect()
        };
        let agents: Vec<AgentShares> = vec![
            (
                "United States".into(),
                ["embargo", "permit H20 only", "permit H200 with fee"].map(String::from).into(),
                three(0.0),
            ),
            ("China".into(), ["buy", "boycott", "smuggle"].map(String::from).into(), three(1.0)),
            ("Nvidia".into(), ["comply", "lobby", "design around"].map(String::from).into(), three(2.0)),
            ("Taiwan (TSMC)".into(), ["supply", "restrict", "hedge"].map(String::from).into(), three(3.0)),
            (
                "Netherlands (ASML)".into(),
                ["align with US", "stay neutral", "service old tools"].map(String::from).into(),
                three(4.0),
            ),
        ];
        let stem = dir.join("strategy_shares");
        strategy_shares("Share of runs choosing each action", &agents, &stem).unwrap();
        assert_written(&stem);
        let one = vec![("A".to_string(), vec!["x".to_string(), "y".to_string()], vec![vec![0.3, 0.7]])];
        strategy_shares("one round", &one, &dir.join("shares_one")).unwrap();
        let bad = vec![("A".to_string(), vec!["x".to_string()], vec![vec![0.3, 0.7]])];
        assert!(strategy_shares("t", &bad, &dir.join("bad")).is_err());
    }

    #[test]
    fn first_round_distribution_writes_png_and_svg() {
        let (_keep, dir) = out_dir();
        let counts = |peak: usize, runs: u64| -> Vec<(usize, u64)> {
            (1..=30usize).map(|r| (r, (runs / 40).saturating_sub((r.abs_diff(peak) as u64) * runs / 400))).collect()
        };
        let series = vec![
            ("baseline".to_string(), counts(8, 10_000), 2_500, 10_000),
            ("hawkish Congress".to_string(), counts(15, 10_000), 5_000, 10_000),
            ("tit-for-tat China".to_string(), counts(5, 10_000), 800, 10_000),
        ];
        let stem = dir.join("first_round");
        first_round_distributions(
            "When does the US first permit H200 exports?",
            "round (quarter) in which the US first permits H200",
            &series,
            &stem,
        )
        .unwrap();
        assert_written(&stem);
        let stem = dir.join("first_round_single");
        first_round_distribution("t", "round (quarter)", &counts(3, 1000), 10, 1000, "baseline", &stem).unwrap();
        assert_written(&stem);
        first_round_distribution("never", "round (quarter)", &[], 100, 100, "s", &dir.join("first_round_never"))
            .unwrap();
        assert!(first_round_distribution("t", "l", &[], 0, 0, "s", &dir.join("bad")).is_err());
    }

    #[test]
    fn ticks_and_grid() {
        assert_eq!(fmt_tick(0.1 + 0.2), "0.3");
        assert_eq!(fmt_tick(1500.0), "1500");
        assert_eq!(fmt_tick(-2.5), "-2.5");
        assert_eq!(fmt_tick(0.0), "0");
        assert_eq!(fmt_percent(&0.25), "25%");
        assert_eq!(grid(5), (2, 3));
        assert_eq!(grid(4), (2, 2));
        assert_eq!(grid(1), (1, 1));
        assert_eq!(grid(3), (2, 2));
    }
}
