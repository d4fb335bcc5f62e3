//! The logit QRE path: each strategy's probability against λ (log scale).

use super::*;
use crate::game::{Game, NormalForm};
use plotters::prelude::{IntoLogRange, LineSeries, Palette, Palette99, SeriesLabelPosition};

fn draw_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    game: &NormalForm,
    path: &[(f64, Vec<Vec<f64>>)],
    title: &str,
) -> Result<(), ChartError> {
    root.fill(&WHITE)?;
    let pts: Vec<&(f64, Vec<Vec<f64>>)> = path.iter().filter(|(l, _)| *l > 0.0).collect();
    let lo = pts.first().map_or(1e-3, |p| p.0).max(1e-6);
    let hi = pts.last().map_or(1.0, |p| p.0).max(lo * 10.0);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 32))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d((lo..hi).log_scale(), 0.0f64..1.0)?;
    chart
        .configure_mesh()
        .x_desc("λ (logit precision, log scale)")
        .y_desc("probability")
        .axis_desc_style(("sans-serif", 22))
        .label_style(("sans-serif", 18))
        .x_label_formatter(&|x| format!("{x:.0e}"))
        .draw()?;
    let mut series = 0;
    for (i, p) in game.players().iter().enumerate() {
        for (a, name) in p.actions.iter().enumerate() {
            let color = Palette99::pick(series).to_rgba();
            series += 1;
            chart
                .draw_series(LineSeries::new(pts.iter().map(|(l, prof)| (*l, prof[i][a])), color.stroke_width(3)))?
                .label(format!("{}: {}", p.name, name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3)));
        }
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 18))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

/// The logit path: one line per strategy against λ (log scale), with a legend, title and axis labels.
pub fn logit_path_chart(game: &NormalForm, path: &[(f64, Vec<Vec<f64>>)]) -> Result<Figure, ChartError> {
    let title = if game.title().is_empty() {
        "Logit QRE path".to_string()
    } else {
        format!("Logit QRE path: {}", game.title())
    };
    render!(|root| draw_path(&root, game, path, &title))
}
