//! The best-response diagram of a 2×2 game: both players' best-response correspondences over
//! (P(column plays its first action), P(row plays its first action)), equilibria marked.

use super::*;
use crate::game::{Game, NormalForm};
use crate::solve::Equilibrium;
use plotters::prelude::{LineSeries, SeriesLabelPosition};

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
) -> Result<(), ChartError> {
    root.fill(&WHITE)?;
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
        .build_cartesian_2d(-0.02f64..1.02, -0.02f64..1.02)?;
    chart
        .configure_mesh()
        .x_desc(format!("P({} plays {})", pl[1].name, pl[1].actions[0]))
        .y_desc(format!("P({} plays {})", pl[0].name, pl[0].actions[0]))
        .axis_desc_style(("sans-serif", 22))
        .label_style(("sans-serif", 18))
        .draw()?;
    // Row: own prob p on the y axis, other's q on the x axis.
    let row = br_segments(u(0, 1, 0) - u(1, 1, 0), u(0, 0, 0) - u(1, 0, 0));
    let blue = RGBColor(31, 119, 180);
    let red = RGBColor(214, 39, 40);
    for (k, seg) in row.iter().enumerate() {
        let s = chart.draw_series(LineSeries::new(seg.iter().copied(), blue.stroke_width(5)))?;
        if k == 0 {
            s.label(format!("{}'s best response", pl[0].name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], blue.stroke_width(5)));
        }
    }
    // Column: own prob q (x axis) against row's p (y axis): swap coordinates.
    let col = br_segments(u(1, 0, 1) - u(1, 1, 1), u(0, 0, 1) - u(0, 1, 1));
    for (k, seg) in col.iter().enumerate() {
        let s = chart.draw_series(LineSeries::new(seg.iter().map(|&(a, b)| (b, a)), red.stroke_width(3)))?;
        if k == 0 {
            s.label(format!("{}'s best response", pl[1].name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], red.stroke_width(3)));
        }
    }
    chart
        .draw_series(eqs.iter().map(|e| Circle::new((e.profile[1][0], e.profile[0][0]), 10, BLACK.filled())))?
        .label("Nash equilibria")
        .legend(|(x, y)| Circle::new((x + 12, y), 6, BLACK.filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 18))
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    Ok(())
}

/// Best-response diagram of a 2×2 game with its equilibria marked.
pub fn best_response_diagram(game: &NormalForm, eqs: &[Equilibrium]) -> Result<Figure, ChartError> {
    if game.shape() != [2, 2] {
        return Err(ChartError::Input(format!(
            "the best-response diagram needs a 2x2 game, this one is {:?}",
            game.shape()
        )));
    }
    render!(|root| draw_br(&root, game, eqs))
}
