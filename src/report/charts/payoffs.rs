//! Payoff distributions: one panel per agent, one violin-and-box per scenario.

use super::*;

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
) -> Result<Figure, ChartError> {
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
    render!(|root| draw_payoffs(&root, title, payoff_unit, agents, scenarios, &legend, note))
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
