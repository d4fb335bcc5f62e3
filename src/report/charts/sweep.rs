//! Sweep charts: an outcome against one parameter (mean and 95% band), a heatmap over two
//! parameters, Sobol' and Morris bars with bootstrap intervals, and PRIM box limits.

use super::*;

/// One panel of [`sweep_lines`]: its caption, the means and the half-widths of their 95%
/// intervals, one per x value.
pub type LinePanel = (String, Vec<f64>, Vec<f64>);

/// Each outcome against one parameter: the mean line with its 95% confidence band, one panel
/// per outcome.
pub fn sweep_lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    panels: &[LinePanel],
) -> Result<Figure, ChartError> {
    if panels.is_empty() {
        return Err(ChartError::Input("sweep_lines needs at least one panel".into()));
    }
    if let Some((n, m, h)) = panels.iter().find(|(_, m, h)| m.len() != xs.len() || h.len() != xs.len()) {
        return Err(ChartError::Input(format!(
            "{n:?}: {} x values, {} means, {} half-widths",
            xs.len(),
            m.len(),
            h.len()
        )));
    }
    let legend = vec![
        Entry { label: "mean".into(), mark: Mark::Line(colour(0), 3) },
        Entry { label: "95% confidence band of the mean".into(), mark: Mark::Fill(colour(0), 0.25) },
    ];
    render!(|root| {
        let body = draw_frame(
            &root,
            &Frame { title, legend: &legend, note: None, x_label: Some(x_label), y_label: Some(y_label) },
        )?;
        let areas = body.split_evenly(grid(panels.len()));
        panels.iter().zip(&areas).try_for_each(|(p, area)| draw_line_panel(area, xs, p))
    })
}

fn draw_line_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    xs: &[f64],
    (caption, means, half): &LinePanel,
) -> Result<(), ChartError> {
    let pts: Vec<(f64, f64, f64)> = xs
        .iter()
        .zip(means)
        .zip(half)
        .filter(|((x, m), h)| x.is_finite() && m.is_finite() && h.is_finite())
        .map(|((&x, &m), &h)| (x, m, h))
        .collect();
    let Some((y0, y1)) = padded_range(pts.iter().flat_map(|&(_, m, h)| [m - h, m + h]), 0.08) else {
        return no_data(area, caption);
    };
    let Some((x0, x1)) = padded_range(pts.iter().map(|p| p.0), 0.0) else {
        return no_data(area, caption);
    };
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(24)
        .caption(caption, (FONT, CAPTION_PX))
        .x_label_area_size(36)
        .y_label_area_size(tick_width(area, &[fmt_tick(y0), fmt_tick(y1)])?)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .label_style((FONT, LABEL_PX))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| fmt_tick(*v))
        .y_label_formatter(&|v| fmt_tick(*v))
        .draw()?;
    if pts.len() > 1 {
        let mut poly: Vec<(f64, f64)> = pts.iter().map(|&(x, m, h)| (x, m + h)).collect();
        poly.extend(pts.iter().rev().map(|&(x, m, h)| (x, m - h)));
        chart.draw_series([Polygon::new(poly, colour(0).mix(0.25).filled())])?;
    }
    chart.draw_series([PathElement::new(
        pts.iter().map(|&(x, m, _)| (x, m)).collect::<Vec<_>>(),
        colour(0).stroke_width(3),
    )])?;
    chart.draw_series(pts.iter().map(|&(x, m, _)| Circle::new((x, m), 4, colour(0).filled())))?;
    Ok(())
}

/// A colour for `t` in `[0, 1]`: a diverging blue–white–red scale when `diverging` (for
/// differences around zero), else a sequential light-to-dark blue scale.
fn scale_colour(t: f64, diverging: bool) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.5 };
    let lerp = |a: (u8, u8, u8), b: (u8, u8, u8), s: f64| {
        let f = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * s).round() as u8;
        RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
    };
    if diverging {
        let (blue, white, red) = ((33, 102, 172), (247, 247, 247), (178, 24, 43));
        if t < 0.5 { lerp(blue, white, t / 0.5) } else { lerp(white, red, (t - 0.5) / 0.5) }
    } else {
        lerp((239, 243, 255), (8, 48, 107), t)
    }
}

/// A heatmap of one outcome over a full grid of two parameters. `z[i * ys.len() + j]` is the
/// value at `(xs[i], ys[j])` (the grid order: the second parameter varies fastest). Cells are
/// coloured on a diverging scale centred on zero when the values have both signs, else on a
/// sequential one; a colour bar on the right gives the scale.
pub fn sweep_heatmap(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    ys: &[f64],
    z: &[f64],
    value_label: &str,
) -> Result<Figure, ChartError> {
    if xs.is_empty() || ys.is_empty() || z.len() != xs.len() * ys.len() {
        return Err(ChartError::Input(format!("heatmap: {} x {} grid but {} values", xs.len(), ys.len(), z.len())));
    }
    let finite = z.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let diverging = lo < 0.0 && hi > 0.0;
    let (lo, hi) = if lo > hi {
        (0.0, 1.0)
    } else if diverging {
        let m = lo.abs().max(hi.abs());
        (-m, m)
    } else if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let t = |v: f64| (v - lo) / (hi - lo);
    // Cell edges: midway between grid values.
    let edges = |v: &[f64]| -> Vec<f64> {
        let n = v.len();
        if n == 1 {
            return vec![v[0] - 0.5, v[0] + 0.5];
        }
        let mut e = vec![v[0] - (v[1] - v[0]) / 2.0];
        e.extend(v.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        e.push(v[n - 1] + (v[n - 1] - v[n - 2]) / 2.0);
        e
    };
    let (ex, ey) = (edges(xs), edges(ys));
    let note = if diverging { "colour: blue below zero, red above, white at zero" } else { "colour: darker is higher" };
    render!(|root| {
        let body = draw_frame(&root, &Frame { title, legend: &[], note: Some(note), x_label: None, y_label: None })?;
        let (w, _) = body.dim_in_pixel();
        let (main, bar) = body.split_horizontally(w.saturating_sub(170));
        let mut chart = ChartBuilder::on(&main)
            .margin(10)
            .margin_right(20)
            .x_label_area_size(80)
            .y_label_area_size(tick_width(&main, &[fmt_tick(ey[0]), fmt_tick(ey[ey.len() - 1])])? + 44)
            .build_cartesian_2d(ex[0]..ex[ex.len() - 1], ey[0]..ey[ey.len() - 1])?;
        chart
            .configure_mesh()
            .disable_mesh()
            .label_style((FONT, LABEL_PX))
            .axis_desc_style((FONT, DESC_PX))
            .x_desc(x_label)
            .y_desc(y_label)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&|v| fmt_tick(*v))
            .draw()?;
        chart.draw_series((0..xs.len()).flat_map(|i| {
            let (ex, ey) = (&ex, &ey);
            (0..ys.len()).map(move |j| {
                let v = z[i * ys.len() + j];
                let c = if v.is_finite() { scale_colour(t(v), diverging) } else { RGBColor(200, 200, 200) };
                Rectangle::new([(ex[i], ey[j]), (ex[i + 1], ey[j + 1])], c.filled())
            })
        }))?;
        // Colour bar.
        let mut cb = ChartBuilder::on(&bar)
            .margin(10)
            .margin_top(30)
            .margin_bottom(90)
            .caption(value_label, (FONT, LABEL_PX))
            .y_label_area_size(tick_width(&bar, &[fmt_tick(lo), fmt_tick(hi)])?)
            .build_cartesian_2d(0.0..1.0, lo..hi)?;
        cb.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .label_style((FONT, LABEL_PX))
            .y_labels(6)
            .y_label_formatter(&|v| fmt_tick(*v))
            .draw()?;
        let steps = 100;
        cb.draw_series((0..steps).map(|s| {
            let a = lo + (hi - lo) * s as f64 / steps as f64;
            let b = lo + (hi - lo) * (s + 1) as f64 / steps as f64;
            Rectangle::new([(0.0, a), (1.0, b)], scale_colour(t((a + b) / 2.0), diverging).filled())
        }))?;
        Ok::<(), ChartError>(())
    })
}

/// One outcome's bars for [`sensitivity_bars`]: its caption and, per parameter, each
/// measure's value and the half-width of its 95% interval.
pub struct BarPanel {
    pub caption: String,
    /// `values[m][j]`: measure `m` of parameter `j`.
    pub values: Vec<Vec<f64>>,
    pub half_widths: Vec<Vec<f64>>,
}

/// Ranked horizontal bars with interval whiskers, one panel per outcome: for Sobol' the
/// measures are S1 and ST, for Morris μ*. Parameters are ranked in each panel by the last
/// measure (ST, or μ*), largest on top.
pub fn sensitivity_bars(
    title: &str,
    measures: &[&str],
    params: &[String],
    panels: &[BarPanel],
    x_label: &str,
) -> Result<Figure, ChartError> {
    if panels.is_empty() || params.is_empty() || measures.is_empty() {
        return Err(ChartError::Input("sensitivity_bars needs panels, parameters and measures".into()));
    }
    for p in panels {
        if p.values.len() != measures.len()
            || p.half_widths.len() != measures.len()
            || p.values.iter().chain(&p.half_widths).any(|v| v.len() != params.len())
        {
            return Err(ChartError::Input(format!("{:?}: values do not match the measures and parameters", p.caption)));
        }
    }
    let legend: Vec<Entry> = measures
        .iter()
        .enumerate()
        .map(|(m, name)| Entry { label: name.to_string(), mark: Mark::Fill(colour(m), 0.8) })
        .collect();
    let note = "whiskers: 95% bootstrap intervals; parameters ranked by the last measure";
    render!(|root| {
        let body = draw_frame(
            &root,
            &Frame { title, legend: &legend, note: Some(note), x_label: Some(x_label), y_label: None },
        )?;
        let areas = body.split_evenly(grid(panels.len()));
        panels.iter().zip(&areas).try_for_each(|(p, area)| draw_bar_panel(area, params, p))
    })
}

fn draw_bar_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    params: &[String],
    p: &BarPanel,
) -> Result<(), ChartError> {
    let k = params.len();
    let n_m = p.values.len();
    let rank_by = &p.values[n_m - 1];
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (rank_by[a], rank_by[b]);
        y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b))
    });
    let all =
        p.values.iter().zip(&p.half_widths).flat_map(|(v, h)| v.iter().zip(h).flat_map(|(&v, &h)| [v, v + h, v - h]));
    let Some((x0, x1)) = padded_range(all.chain([0.0]), 0.06) else {
        return no_data(area, &p.caption);
    };
    let labels: Vec<String> =
        order.iter().map(|&j| params[j].rsplit('.').next().unwrap_or(&params[j]).to_string()).collect();
    let keys: Vec<f64> = (0..k).map(|r| (k - 1 - r) as f64).collect();
    let axis = KeyedAxis { lo: -0.6, hi: k as f64 - 0.4, keys: keys.clone() };
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(24)
        .caption(&p.caption, (FONT, CAPTION_PX))
        .x_label_area_size(36)
        .y_label_area_size(tick_width(area, &labels)?)
        .build_cartesian_2d(x0..x1, axis)?;
    let label_of = |v: &f64| {
        let r = k as f64 - 1.0 - v;
        if (r - r.round()).abs() < 1e-9 && r >= 0.0 && (r as usize) < k {
            labels[r as usize].clone()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .label_style((FONT, LABEL_PX))
        .x_labels(6)
        .x_label_formatter(&|v| fmt_tick(*v))
        .y_label_formatter(&label_of)
        .draw()?;
    let band = 0.8 / n_m as f64;
    for (r, &j) in order.iter().enumerate() {
        let yc = (k - 1 - r) as f64;
        for m in 0..n_m {
            let top = yc + 0.4 - band * m as f64;
            let bottom = top - band * 0.9;
            let v = p.values[m][j];
            if !v.is_finite() {
                continue;
            }
            chart.draw_series([Rectangle::new([(0.0, bottom), (v, top)], colour(m).mix(0.8).filled())])?;
            let h = p.half_widths[m][j];
            if h.is_finite() && h > 0.0 {
                let mid = (top + bottom) / 2.0;
                chart.draw_series([PathElement::new(vec![(v - h, mid), (v + h, mid)], BLACK.stroke_width(2))])?;
                for e in [v - h, v + h] {
                    chart.draw_series([PathElement::new(
                        vec![(e, mid - band * 0.25), (e, mid + band * 0.25)],
                        BLACK.stroke_width(2),
                    )])?;
                }
            }
        }
    }
    Ok(())
}

/// PRIM box limits: one row per parameter, the full range of the sweep as a grey bar and each
/// box's limits as a coloured bar, on a scale normalised to the parameter's range (the limits
/// are written beside the bars).
pub fn prim_boxes(
    title: &str,
    params: &[String],
    ranges: &[(f64, f64)],
    boxes: &[(String, Vec<(f64, f64)>)],
) -> Result<Figure, ChartError> {
    if params.is_empty() || ranges.len() != params.len() || boxes.iter().any(|(_, l)| l.len() != params.len()) {
        return Err(ChartError::Input("prim_boxes: ranges and limits must have one entry per parameter".into()));
    }
    let mut legend = vec![Entry { label: "range swept".into(), mark: Mark::Fill(RGBColor(127, 127, 127), 0.3) }];
    legend.extend(
        boxes
            .iter()
            .enumerate()
            .map(|(b, (label, _))| Entry { label: label.clone(), mark: Mark::Fill(colour(b), 0.8) }),
    );
    let k = params.len();
    let n_b = boxes.len().max(1);
    render!(|root| {
        let body = draw_frame(
            &root,
            &Frame {
                title,
                legend: &legend,
                note: None,
                x_label: Some("position in the range swept (0 = low end, 1 = high end)"),
                y_label: None,
            },
        )?;
        let keys: Vec<f64> = (0..k).map(|r| (k - 1 - r) as f64).collect();
        let axis = KeyedAxis { lo: -0.6, hi: k as f64 - 0.4, keys };
        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(36)
            .y_label_area_size(tick_width(&body, params)?)
            .build_cartesian_2d(-0.02..1.02, axis)?;
        let label_of = |v: &f64| {
            let r = k as f64 - 1.0 - v;
            if (r - r.round()).abs() < 1e-9 && r >= 0.0 && (r as usize) < k {
                params[r as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.12))
            .label_style((FONT, LABEL_PX))
            .x_labels(6)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&label_of)
            .draw()?;
        let style = text_style(LABEL_PX).pos(Pos::new(HPos::Center, VPos::Bottom));
        for j in 0..k {
            let yc = (k - 1 - j) as f64;
            chart.draw_series([Rectangle::new(
                [(0.0, yc - 0.42), (1.0, yc + 0.42)],
                RGBColor(127, 127, 127).mix(0.18).filled(),
            )])?;
            let (lo, hi) = ranges[j];
            let span = if hi > lo { hi - lo } else { 1.0 };
            let band = 0.7 / n_b as f64;
            for (b, (_, limits)) in boxes.iter().enumerate() {
                let (a, z) = limits[j];
                let (ta, tz) = (((a - lo) / span).clamp(0.0, 1.0), ((z - lo) / span).clamp(0.0, 1.0));
                let top = yc + 0.35 - band * b as f64;
                chart
                    .draw_series([Rectangle::new([(ta, top - band * 0.85), (tz, top)], colour(b).mix(0.8).filled())])?;
                if b == 0 {
                    chart.draw_series([plotters::element::Text::new(
                        format!("{} – {}", fmt_tick(a), fmt_tick(z)),
                        ((ta + tz) / 2.0, yc + 0.38),
                        style.clone(),
                    )])?;
                }
            }
        }
        Ok::<(), ChartError>(())
    })
}
