//! Diagrams: DOT for snapshots, diffs and timelines, and SVG/PNG rendering.
