use super::*;
use rand::SeedableRng;

#[test]
fn builds_with_defaults() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    assert_eq!(g.players().len(), 5);
}
