//! Meta-game charts: the empirical payoff table as a heatmap (one row per profile, one column per
//! player, shaded by the player's own payoff range) and each equilibrium's regret per player with
//! its bootstrap interval.

use super::*;

/// Most profiles whose cells carry their numbers (beyond it the rows are too short for text).
const MAX_LABELLED_ROWS: usize = 24;

/// Light yellow to dark blue (a sequential, colour-blind-safe ramp, after viridis' ends).
fn ramp(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let stops =
        [(253.0, 231.0, 37.0), (94.0, 201.0, 98.0), (33.0, 145.0, 140.0), (59.0, 82.0, 139.0), (68.0, 1.0, 84.0)];
    let x = t * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The payoff table: `profiles[k]` names row k, `means[k][p]` and `se[k][p]` its cells.
pub fn metagame_table(
    title: &str,
    profile_header: &str,
    players: &[String],
    profiles: &[String],
    means: &[Vec<f64>],
    se: &[Vec<f64>],
) -> Result<Figure, ChartError> {
    if players.is_empty() || profiles.is_empty() || means.len() != profiles.len() || se.len() != profiles.len() {
        return Err(ChartError::Input("metagame_table needs one row of means and errors per profile".into()));
    }
    render!(|root| draw_table(&root, title, profile_header, players, profiles, means, se))
}

fn draw_table<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    profile_header: &str,
    players: &[String],
    profiles: &[String],
    means: &[Vec<f64>],
    se: &[Vec<f64>],
) -> Result<(), ChartError> {
    let note =
        "mean total payoff ± standard error; shading runs from each player's lowest (light) to highest (dark) mean";
    let body = draw_frame(root, &Frame { title, legend: &[], note: Some(note), x_label: None, y_label: None })?;
    let (w, h) = body.dim_in_pixel();
    let style = text_style(LABEL_PX);
    let mut label_w = 0;
    for p in profiles {
        label_w = label_w.max(body.estimate_text_size(p, &style)?.0);
    }
    let label_w = (label_w + 16).min(w / 2) as i32;
    let header = (LABEL_PX + 16) as i32;
    let n_cols = players.len() as i32;
    let col_w = ((w as i32 - label_w - 8) / n_cols).max(1);
    let row_h = ((h as i32 - header - 8) / profiles.len() as i32).max(1);
    let labelled = profiles.len() <= MAX_LABELLED_ROWS;
    for (c, p) in players.iter().enumerate() {
        let x = label_w + c as i32 * col_w + col_w / 2;
        body.draw_text(p, &centred(LABEL_PX), (x, header / 2))?;
    }
    for (c, _) in players.iter().enumerate() {
        let col: Vec<f64> = means.iter().map(|m| m[c]).filter(|v| v.is_finite()).collect();
        let lo = col.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = col.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        for (r, (m, s)) in means.iter().zip(se).enumerate() {
            let t = if hi > lo { (m[c] - lo) / (hi - lo) } else { 0.5 };
            let fill = ramp(t);
            let (x0, y0) = (label_w + c as i32 * col_w, header + r as i32 * row_h);
            body.draw(&Rectangle::new([(x0, y0), (x0 + col_w - 2, y0 + row_h - 2)], fill.filled()))?;
            if labelled {
                let ink = if t > 0.45 { WHITE } else { BLACK };
                let text = format!("{} ± {}", fmt_tick(m[c]), fmt_tick(s[c]));
                body.draw_text(&text, &centred(LABEL_PX).color(&ink), (x0 + col_w / 2, y0 + row_h / 2))?;
            }
        }
    }
    let left = text_style(LABEL_PX).pos(Pos::new(HPos::Right, VPos::Center));
    body.draw_text(profile_header, &left, (label_w - 8, header / 2))?;
    for (r, p) in profiles.iter().enumerate() {
        if labelled || r % profiles.len().div_ceil(MAX_LABELLED_ROWS) == 0 {
            body.draw_text(p, &left, (label_w - 8, header + r as i32 * row_h + row_h / 2))?;
        }
    }
    Ok(())
}

/// Each equilibrium's regret per player: bars at the mean-table regret, whiskers at the 2.5% and
/// 97.5% bootstrap quantiles. `labels[e]` names equilibrium `e`.
pub fn metagame_regret(
    title: &str,
    payoff_unit: &str,
    players: &[String],
    labels: &[String],
    regret: &[Vec<f64>],
    ci: &[Vec<[f64; 2]>],
) -> Result<Figure, ChartError> {
    if players.is_empty() || labels.is_empty() || regret.len() != labels.len() || ci.len() != labels.len() {
        return Err(ChartError::Input("metagame_regret needs one row of regrets and intervals per equilibrium".into()));
    }
    let legend: Vec<Entry> =
        labels.iter().enumerate().map(|(i, l)| Entry { label: l.clone(), mark: Mark::Fill(colour(i), 0.85) }).collect();
    render!(|root| draw_regret(&root, title, payoff_unit, players, regret, ci, &legend))
}

fn draw_regret<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    payoff_unit: &str,
    players: &[String],
    regret: &[Vec<f64>],
    ci: &[Vec<[f64; 2]>],
    legend: &[Entry],
) -> Result<(), ChartError> {
    let note = "bar and dot: gain from the best deviation in the mean table; whiskers: 95% bootstrap interval of resampled runs";
    let y_label = format!("regret ({payoff_unit})");
    let body = draw_frame(root, &Frame { title, legend, note: Some(note), x_label: None, y_label: Some(&y_label) })?;
    let top = regret
        .iter()
        .flatten()
        .chain(ci.iter().flatten().flat_map(|c| c.iter()))
        .cloned()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let y1 = if top > 0.0 { top * 1.08 } else { 1.0 };
    if top <= 0.0 {
        let (w, h) = body.dim_in_pixel();
        let msg = "every regret is 0, in the mean table and in every bootstrap resample";
        body.draw_text(msg, &centred(CAPTION_PX), ((w / 2) as i32, (h / 2) as i32))?;
        return Ok(());
    }
    let n_p = players.len();
    let n_e = regret.len();
    let keys: Vec<f64> = (0..n_p).map(|p| p as f64).collect();
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(tick_width(&body, &[fmt_tick(y1), fmt_tick(y1 / 3.0)])?)
        .build_cartesian_2d(KeyedAxis { lo: -0.5, hi: n_p as f64 - 0.5, keys }, 0.0..y1)?;
    let names = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-9 && i >= 0.0 && (i as usize) < n_p { players[i as usize].clone() } else { String::new() }
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
    let width = 0.8 / n_e as f64;
    for (e, (r, c)) in regret.iter().zip(ci).enumerate() {
        let colour = colour(e);
        for p in 0..n_p {
            let x0 = p as f64 - 0.4 + e as f64 * width;
            let xm = x0 + width / 2.0;
            let v = r[p].clamp(0.0, y1);
            chart
                .draw_series([Rectangle::new([(x0 + 0.01, 0.0), (x0 + width - 0.01, v)], colour.mix(0.85).filled())])?;
            // The point value as a dot, visible when the bar has no height.
            chart.draw_series([Circle::new((xm, v), 6, colour.filled())])?;
            let [lo, hi] = c[p];
            if lo.is_finite() && hi.is_finite() {
                let (lo, hi) = (lo.clamp(0.0, y1), hi.clamp(0.0, y1));
                let line = |pts: Vec<(f64, f64)>| PathElement::new(pts, BLACK.stroke_width(2));
                chart.draw_series([
                    line(vec![(xm, lo), (xm, hi)]),
                    line(vec![(xm - width / 4.0, lo), (xm + width / 4.0, lo)]),
                    line(vec![(xm - width / 4.0, hi), (xm + width / 4.0, hi)]),
                ])?;
            }
        }
    }
    Ok(())
}
