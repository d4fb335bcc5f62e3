//! Charts drawn with plotters: the logit QRE path (each strategy's probability against λ, log
//! scale) and the best-response diagram of a 2×2 game. 1200×800 pixels; SVG when the file name
//! ends in `.svg`, PNG otherwise. Text uses the bundled DejaVu Sans (registered once).

use super::Equilibrium;
use crate::game::{Game, NormalForm};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::path::Path;
use std::sync::Once;

static FONT: Once = Once::new();

fn register_font() {
    FONT.call_once(|| {
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../assets/DejaVuSans.ttf"),
        );
    });
}

const SIZE: (u32, u32) = (1200, 800);

fn with_backend(
    path: &Path,
    draw: impl Fn(&DrawingArea<BitMapBackend, Shift>) -> Result<(), String>,
    draw_svg: impl Fn(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> Result<(), String> {
    register_font();
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        let root = SVGBackend::new(path, SIZE).into_drawing_area();
        draw_svg(&root)?;
        root.present().map_err(|e| e.to_string())
    } else {
        let root = BitMapBackend::new(path, SIZE).into_drawing_area();
        draw(&root)?;
        root.present().map_err(|e| e.to_string())
    }
}

fn draw_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    game: &NormalForm,
    path: &[(f64, Vec<Vec<f64>>)],
    title: &str,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let pts: Vec<&(f64, Vec<Vec<f64>>)> = path.iter().filter(|(l, _)| *l > 0.0).collect();
    let lo = pts.first().map_or(1e-3, |p| p.0).max(1e-6);
    let hi = pts.last().map_or(1.0, |p| p.0).max(lo * 10.0);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 32))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d((lo..hi).log_scale(), 0.0f64..1.0)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("λ (logit precision, log scale)")
        .y_desc("probability")
        .axis_desc_style(("sans-serif", 22))
        .label_style(("sans-serif", 18))
        .x_label_formatter(&|x| format!("{x:.0e}"))
        .draw()
        .map_err(err)?;
    let mut series = 0;
    for (i, p) in game.players().iter().enumerate() {
        for (a, name) in p.actions.iter().enumerate() {
            let color = Palette99::pick(series).to_rgba();
            series += 1;
            chart
                .draw_series(LineSeries::new(pts.iter().map(|(l, prof)| (*l, prof[i][a])), color.stroke_width(3)))
                .map_err(err)?
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
        .draw()
        .map_err(err)?;
    Ok(())
}

/// Draws the logit path (one line per strategy, legend, titles, axis labels) to `file`.
pub fn logit_path_chart(game: &NormalForm, path: &[(f64, Vec<Vec<f64>>)], file: &Path) -> Result<(), String> {
    let title = if game.title().is_empty() {
        "Logit QRE path".to_string()
    } else {
        format!("Logit QRE path: {}", game.title())
    };
    with_backend(file, |r| draw_path(r, game, path, &title), |r| draw_path(r, game, path, &title))
}

/// Best-response polyline in (other's probability, own probability) for payoff difference
/// `d(s) = d0 * (1 - s) + d1 * s` of own first action over own second, `s` the other's first-action probability.
fn br_segments(d0: f64, d1: f64) -> Vec<Vec<(f64, f64)>> {
    let own = |d: f64| if d > 0.0 { 1.0 } else { 0.0 };
    if d0 == 0.0 && d1 == 0.0 {
        return vec![vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]];
    }
    if (d0 > 0.0 && d1 > 0.0) || (d0 < 0.0 && d1 < 0.0) {
        return vec![vec![(0.0, own(d0)), (1.0, own(d0))]];
    }
    let s = d0 / (d0 - d1); // root in [0,1]
    let left = if d0 != 0.0 { own(d0) } else { own(d1) };
    let right = if d1 != 0.0 { own(d1) } else { own(d0) };
    vec![vec![(0.0, left), (s, left), (s, 1.0 - left), (s, right), (1.0, right)], vec![(s, 0.0), (s, 1.0)]]
}

fn draw_br<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    game: &NormalForm,
    eqs: &[Equilibrium],
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let pl = game.players();
    let u = |r: usize, c: usize, i: usize| game.payoff(&[r, c], i);
    let title = if game.title().is_empty() {
        "Best responses".to_string()
    } else {
        format!("Best responses: {}", game.title())
    };
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 32))
        .margin(30)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.02f64..1.02, -0.02f64..1.02)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(format!("P({} plays {})", pl[1].name, pl[1].actions[0]))
        .y_desc(format!("P({} plays {})", pl[0].name, pl[0].actions[0]))
        .axis_desc_style(("sans-serif", 22))
        .label_style(("sans-serif", 18))
        .draw()
        .map_err(err)?;
    // Row: own prob p on the y axis, other's q on the x axis.
    let row = br_segments(u(0, 1, 0) - u(1, 1, 0), u(0, 0, 0) - u(1, 0, 0));
    let blue = RGBColor(31, 119, 180);
    let red = RGBColor(214, 39, 40);
    for (k, seg) in row.iter().enumerate() {
        let s = chart.draw_series(LineSeries::new(seg.iter().copied(), blue.stroke_width(5))).map_err(err)?;
        if k == 0 {
            s.label(format!("{}'s best response", pl[0].name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], blue.stroke_width(5)));
        }
    }
    // Column: own prob q (x axis) against row's p (y axis): swap coordinates.
    let col = br_segments(u(1, 0, 1) - u(1, 1, 1), u(0, 0, 1) - u(0, 1, 1));
    for (k, seg) in col.iter().enumerate() {
        let s =
            chart.draw_series(LineSeries::new(seg.iter().map(|&(a, b)| (b, a)), red.stroke_width(3))).map_err(err)?;
        if k == 0 {
            s.label(format!("{}'s best response", pl[1].name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], red.stroke_width(3)));
        }
    }
    chart
        .draw_series(eqs.iter().map(|e| Circle::new((e.profile[1][0], e.profile[0][0]), 10, BLACK.filled())))
        .map_err(err)?
        .label("Nash equilibria")
        .legend(|(x, y)| Circle::new((x + 12, y), 6, BLACK.filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 18))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(err)?;
    Ok(())
}

/// Best-response diagram of a 2×2 game with its equilibria marked.
pub fn best_response_diagram(game: &NormalForm, eqs: &[Equilibrium], file: &Path) -> Result<(), String> {
    if game.shape() != [2, 2] {
        return Err(format!("the best-response diagram needs a 2x2 game, this one is {:?}", game.shape()));
    }
    with_backend(file, |r| draw_br(r, game, eqs), |r| draw_br(r, game, eqs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{SolveOptions, enummixed, logit};

    #[test]
    fn draws_png_and_svg() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let dir = std::env::temp_dir().join(format!("chipgame-chart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let eqs = enummixed::solve(&g).equilibria;
        best_response_diagram(&g, &eqs, &dir.join("br.png")).unwrap();
        best_response_diagram(&g, &eqs, &dir.join("br.svg")).unwrap();
        let path = logit::trace(&g, &SolveOptions::default()).unwrap();
        logit_path_chart(&g, &path, &dir.join("logit.png")).unwrap();
        logit_path_chart(&g, &path, &dir.join("logit.svg")).unwrap();
        for f in ["br.png", "br.svg", "logit.png", "logit.svg"] {
            assert!(std::fs::metadata(dir.join(f)).unwrap().len() > 1000, "{f}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
