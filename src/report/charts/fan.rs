//! Fan charts: a variable over rounds, median with 50% and 90% bands across runs.

use super::*;

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
) -> Result<Figure, ChartError> {
    check_fan(variable_label_with_unit, rounds, bands)?;
    let legend = fan_legend();
    render!(|root| {
        let body = draw_frame(&root, &Frame { title, legend: &legend, note: None, x_label: None, y_label: None })?;
        draw_fan_panel(&body, None, Some(variable_label_with_unit), rounds, bands)
    })
}

/// Several variables over the same rounds, one fan panel each (captioned with its label and
/// unit), in a grid.
pub fn fan_charts(title: &str, panels: &[(String, Vec<FanPoint>)], rounds: &[usize]) -> Result<Figure, ChartError> {
    if panels.is_empty() {
        return Err(ChartError::Input("fan_charts needs at least one panel".into()));
    }
    for (label, bands) in panels {
        check_fan(label, rounds, bands)?;
    }
    let legend = fan_legend();
    render!(|root| {
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
        .x_labels(8)
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
