//! Charts: pure functions from plain data to a [`Figure`] (PNG and SVG bytes, 1200×800).
//!
//! This file is the plotting toolkit (font, rendering to bytes, text styles, legend, frame,
//! palette, axes); each chart kind lives in its own file and draws with it.
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
use std::sync::OnceLock;

mod best_response;
mod fan;
mod first_round;
mod logit_path;
mod metagame;
mod payoffs;
mod shares;
mod sweep;

pub use best_response::best_response_diagram;
pub use fan::{fan_chart, fan_charts};
pub use first_round::{first_round_distribution, first_round_distributions};
pub use logit_path::logit_path_chart;
pub use metagame::{metagame_regret, metagame_table};
pub use payoffs::payoff_distributions;
pub use shares::strategy_shares;
pub use sweep::{BarPanel, LinePanel, prim_boxes, sensitivity_bars, sweep_heatmap, sweep_lines};

/// A chart as PNG and SVG bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub png: Vec<u8>,
    pub svg: Vec<u8>,
}

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

/// Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), ordered so that
/// neighbouring series never pair red with green: blue, orange, sky blue, bluish green,
/// vermilion, reddish purple, yellow, then grey and two darker tones for long lists.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(120, 120, 120),
    RGBColor(0, 73, 114),
    RGBColor(153, 98, 0),
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
        plotters::style::register_font(FONT, FontStyle::Normal, include_bytes!("../../../assets/DejaVuSans.ttf"))
            .is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// Encodes an RGB buffer as PNG.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(|e| ChartError::Draw(e.to_string()))?;
        w.write_image_data(rgb).map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    Ok(out)
}

/// Draws the same figure into PNG and SVG bytes: `render!(|root| draw(&root, ...))`.
macro_rules! render {
    (|$root:ident| $body:expr) => {{
        ensure_font()?;
        let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
        {
            let $root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
            $body?;
            $root.present()?;
        }
        let mut svg = String::new();
        {
            let $root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            $body?;
            $root.present()?;
        }
        Ok(Figure { png: encode_png(&rgb, WIDTH, HEIGHT)?, svg: svg.into_bytes() })
    }};
}
pub(crate) use render;

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

#[cfg(test)]
mod tests;
