//! First-round distributions: the round in which an event first happens, as a share of runs.

use super::*;

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
) -> Result<Figure, ChartError> {
    first_round_distributions(title, label, &[(series_name.to_string(), counts_by_round.to_vec(), never, runs)])
}

/// Several series `(name, counts_by_round, never, runs)` side by side in each round.
pub fn first_round_distributions(title: &str, label: &str, series: &[FirstRoundSeries]) -> Result<Figure, ChartError> {
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
    render!(|root| draw_first_rounds(&root, title, label, series, &legend))
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
