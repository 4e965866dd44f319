fn main() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../benches/fixtures/realistic.json")).unwrap();
    let p = escalon::Policy::from_value(&doc["policy"]).unwrap();
    let t = escalon::Ticket::from_value(&doc["ticket"]).unwrap();
    let now = escalon::parse_instant(doc["now"].as_str().unwrap()).unwrap();
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let mut k = 0;
    for _ in 0..n {
        k += p.evaluate(&t, now).unwrap().metrics.len();
    }
    println!("{k}");
}
