//! Shared by the vector generator tests (`tests/vectors_*.rs`).
#![allow(dead_code)]

pub mod vector_fields;

use std::path::PathBuf;

/// Path of a file in `test-vectors/`.
pub fn vector_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("test-vectors")
        .join(name)
}

/// With `PTLC_REGENERATE_VECTORS=1`, writes `value` to `test-vectors/<name>`;
/// otherwise asserts that the committed file is exactly what the code produces
/// now, so vector files cannot drift from the implementation.
pub fn check_or_regenerate(name: &str, value: &serde_json::Value) {
    let mut rendered = serde_json::to_string_pretty(value).expect("serialisable");
    rendered.push('\n');
    let path = vector_path(name);
    if std::env::var_os("PTLC_REGENERATE_VECTORS").is_some_and(|v| v == "1") {
        std::fs::write(&path, rendered).expect("write vectors");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with PTLC_REGENERATE_VECTORS=1",
            path.display()
        )
    });
    assert!(
        committed == rendered,
        "{} differs from what the code produces; if the change is intended, \
         regenerate with PTLC_REGENERATE_VECTORS=1 and review the diff",
        path.display()
    );
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses hex (test input only).
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A deterministic 32-byte value for vector number `i` under `label`:
/// SHA256(label || i), so vectors are reproducible without an RNG.
pub fn det_bytes(label: &str, i: u32) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update(i.to_be_bytes());
    h.finalize().into()
}
