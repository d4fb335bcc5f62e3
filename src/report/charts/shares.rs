//! Strategy shares: the share of runs choosing each action, round by round.

use super::*;

/// Per agent `(name, actions, shares[round][action])`: stacked areas of the share of runs
/// choosing each action, one panel per agent with its own legend. Round `i` of `shares` is
/// plotted at round `i + 1`. Shares are stacked as given and clipped to [0, 1].
pub fn strategy_shares(title: &str, agents: &[AgentShares]) -> Result<Figure, ChartError> {
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
    render!(|root| draw_shares(&root, title, agents))
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
