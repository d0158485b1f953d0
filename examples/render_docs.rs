fn main() {
    let dot = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let fmt = std::env::args().nth(2).unwrap_or("svg".into());
    let engine = std::env::args().nth(3).unwrap_or("dot".into());
    match graphviz_pure::render_dot(&dot, &engine, &fmt) {
        Ok(r) => {
            for d in r.diagnostics() {
                eprintln!("diag: {d:?}");
            }
            println!("{}", r.output())
        }
        Err(e) => eprintln!("ERR {e}"),
    }
}
