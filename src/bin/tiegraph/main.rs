//! The tiegraph command line.

fn main() {}
