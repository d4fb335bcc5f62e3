//! PRIM (placeholder).
