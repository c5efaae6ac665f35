//! The kit, run as other implementations run it: `ptlc-kit gen` files checked
//! by the independent Python reference (test-vectors/reference.py) and by
//! `ptlc-kit check`; `check` accepts the committed vector files and rejects a
//! file with any output altered.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Every scheme the kit has; `ptlc-kit list` must say the same.
const SCHEMES: &[&str] = &[
    "payment",
    "schnorr_adaptor",
    "ecdsa_adaptor",
    "pay_for_signature",
    "blob",
    "musig_adaptor",
    "mailbox_route",
    "pay_for_partial_signature",
];

/// A scheme's kinds, each with its output fields.
type Kinds = &'static [(&'static str, &'static [&'static str])];

/// Every output field of every scheme, by kind: `check` must catch each one
/// altered.
const OUTPUTS: &[(&str, Kinds)] = &[
    (
        "payment",
        &[
            ("scalars", &["point", "error"]),
            ("points", &["valid", "error"]),
            ("routes", &["payee_point", "points", "settle_scalars"]),
            ("invalid_hops", &["error"]),
            ("invalid_routes", &["error"]),
            ("invalid_proofs", &["error"]),
        ],
    ),
    (
        "schnorr_adaptor",
        &[
            (
                "valid",
                &["public_key", "adaptor", "pre_signature", "signature"],
            ),
            ("verify_invalid", &["error"]),
            ("adapt_invalid", &["signature", "error"]),
            ("extract_invalid", &["error"]),
        ],
    ),
    (
        "ecdsa_adaptor",
        &[
            (
                "valid",
                &["public_key", "adaptor_point", "adaptor_sig", "signature"],
            ),
            ("invalid_verify", &["error"]),
            ("invalid_extract", &["error"]),
        ],
    ),
    (
        "pay_for_signature",
        &[
            (
                "valid",
                &[
                    "public_key",
                    "signature",
                    "nonce",
                    "signature_point",
                    "signature_scalar",
                ],
            ),
            ("signature_point_invalid", &["error"]),
            ("signature_scalar_invalid", &["error"]),
            ("complete_invalid", &["error"]),
        ],
    ),
    (
        "blob",
        &[
            ("blobs", &["recipient_pubkey", "blob"]),
            ("invalid_blobs", &["error", "tlv"]),
            ("tlv_streams", &["valid", "error"]),
            (
                "packages",
                &[
                    "transaction",
                    "signer",
                    "signature",
                    "amount_msat",
                    "expiry",
                    "note",
                ],
            ),
            ("invalid_packages", &["valid", "error", "type"]),
            ("musig_packages", &["encoding"]),
            ("invalid_musig_packages", &["valid", "error", "type"]),
        ],
    ),
    (
        "musig_adaptor",
        &[
            (
                "valid",
                &[
                    "public_keys",
                    "aggregate_key",
                    "adaptor",
                    "secnonces",
                    "pubnonces",
                    "aggnonce",
                    "nonce_coefficient",
                    "final_nonce",
                    "nonce_parity",
                    "partial_signatures",
                    "pre_signature",
                    "zkp_pre_sig",
                    "signature",
                ],
            ),
            ("invalid", &["error"]),
        ],
    ),
    (
        "mailbox_route",
        &[
            (
                "valid",
                &[
                    "payer_relays",
                    "payee_relays",
                    "mailbox",
                    "blinded_path",
                    "first_node_id",
                    "path_key",
                    "packet",
                    "hop_path_keys",
                    "next_node_ids",
                    "next_packet_hashes",
                    "path_id",
                    "received_blob",
                ],
            ),
            ("invalid", &["error"]),
        ],
    ),
    (
        "pay_for_partial_signature",
        &[
            (
                "valid",
                &[
                    "public_keys",
                    "pubnonces",
                    "adaptor",
                    "partial_signatures",
                    "nonce_id",
                    "partial_signature_point",
                    "pre_signature",
                    "signature",
                    "aggregate_key",
                ],
            ),
            ("partial_signature_invalid", &["error"]),
            ("complete_invalid", &["error"]),
        ],
    ),
];

fn kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptlc-kit"))
        .args(args)
        .output()
        .expect("run ptlc-kit")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("test-vectors")
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// `ptlc-kit gen SCHEME --seed SEED --count COUNT`, written to a file.
fn gen(scheme: &str, seed: u64, count: usize) -> (PathBuf, Value) {
    let o = kit(&[
        "gen",
        scheme,
        "--seed",
        &seed.to_string(),
        "--count",
        &count.to_string(),
    ]);
    assert!(
        o.status.success(),
        "gen {scheme}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let path = tmp(&format!("gen-{scheme}-{seed}-{count}.json"));
    std::fs::write(&path, &o.stdout).unwrap();
    (path, serde_json::from_slice(&o.stdout).unwrap())
}

fn check(scheme: &str, path: &Path) -> Output {
    kit(&["check", scheme, path.to_str().unwrap()])
}

fn assert_accepted(scheme: &str, path: &Path, cases: usize) {
    let o = check(scheme, path);
    let out = stdout(&o);
    assert!(
        o.status.success(),
        "check {scheme} {}:\n{out}",
        path.display()
    );
    assert!(
        out.contains(&format!("{scheme}: {cases} cases, 0 mismatches")),
        "{out}"
    );
}

fn cases_in(file: &Value) -> usize {
    file.as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .sum()
}

#[test]
fn list_names_every_scheme() {
    let o = kit(&["list"]);
    assert!(o.status.success());
    let listed: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(listed, SCHEMES);
    let with_outputs: Vec<&str> = OUTPUTS.iter().map(|(s, _)| *s).collect();
    assert_eq!(with_outputs, SCHEMES);
}

/// The schema: gen writes exactly the committed file's top-level keys, and
/// each kind's entries have the committed entries' fields (the committed
/// file's entries of one kind may mix valid and invalid cases, so the
/// generated fields of a kind are compared with the union of its fields).
#[test]
fn gen_writes_the_committed_schema() {
    for scheme in SCHEMES {
        let (_, file) = gen(scheme, 7, 200);
        let committed: Value = serde_json::from_str(
            &std::fs::read_to_string(vectors_dir().join(format!("{scheme}.json"))).unwrap(),
        )
        .unwrap();
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&file), keys(&committed), "{scheme}");
        for (key, list) in committed.as_object().unwrap() {
            let Some(list) = list.as_array() else {
                continue;
            };
            let fields = |l: &[Value]| {
                let mut f: Vec<String> = l
                    .iter()
                    .flat_map(|e| e.as_object().unwrap().keys().cloned())
                    .collect();
                f.sort();
                f.dedup();
                f
            };
            let generated = file[key].as_array().unwrap();
            assert!(!generated.is_empty(), "{scheme}.{key}: no generated case");
            assert_eq!(fields(generated), fields(list), "{scheme}.{key}");
        }
    }
}

#[test]
fn gen_is_deterministic_for_a_seed() {
    for scheme in SCHEMES {
        let a = kit(&["gen", scheme, "--seed", "3", "--count", "30"]);
        let b = kit(&["gen", scheme, "--seed", "3", "--count", "30"]);
        let c = kit(&["gen", scheme, "--seed", "4", "--count", "30"]);
        assert!(a.status.success());
        assert_eq!(a.stdout, b.stdout, "{scheme}");
        assert_ne!(a.stdout, c.stdout, "{scheme}");
    }
}

/// `extra`: the module's checks that are not cases (ref_blob's RFC 8439 /
/// RFC 5869 self-test).
fn python_reference_agrees(scheme: &str, extra: usize) {
    let (path, file) = gen(scheme, 2026, 200);
    assert_eq!(cases_in(&file), 200);
    let o = Command::new("python3")
        .arg(vectors_dir().join("reference.py"))
        .arg(scheme)
        .arg(&path)
        .output()
        .expect("run python3");
    let out = stdout(&o);
    assert!(
        o.status.success(),
        "reference.py {scheme}:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.lines().last() == Some(format!("{} passed, 0 failed", 200 + extra).as_str()),
        "reference.py {scheme}:\n{out}"
    );
}

#[test]
fn python_reference_agrees_with_200_generated_payment_cases() {
    python_reference_agrees("payment", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_schnorr_adaptor_cases() {
    python_reference_agrees("schnorr_adaptor", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_ecdsa_adaptor_cases() {
    python_reference_agrees("ecdsa_adaptor", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_pay_for_signature_cases() {
    python_reference_agrees("pay_for_signature", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_blob_cases() {
    python_reference_agrees("blob", 1);
}

#[test]
fn python_reference_agrees_with_200_generated_musig_adaptor_cases() {
    python_reference_agrees("musig_adaptor", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_mailbox_route_cases() {
    python_reference_agrees("mailbox_route", 0);
}

#[test]
fn python_reference_agrees_with_200_generated_pay_for_partial_signature_cases() {
    python_reference_agrees("pay_for_partial_signature", 0);
}

#[test]
fn check_accepts_what_gen_wrote() {
    for scheme in SCHEMES {
        let (path, file) = gen(scheme, 11, 200);
        assert_accepted(scheme, &path, cases_in(&file));
    }
}

#[test]
fn check_accepts_the_committed_vector_files() {
    for scheme in SCHEMES {
        let path = vectors_dir().join(format!("{scheme}.json"));
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_accepted(scheme, &path, cases_in(&file));
    }
}

/// `value` altered: one byte of hex flipped (the first element of a list),
/// a boolean negated, a number's low bit flipped, an error name swapped for
/// another (inside a nested error object too, or a BIP-327 error's type).
fn alter(field: &str, value: &mut Value) {
    match value {
        Value::Bool(b) => *b = !*b,
        Value::Number(n) => *n = (n.as_u64().unwrap() ^ 1).into(),
        Value::Array(list) => alter(field, &mut list[0]),
        Value::Object(o) if o.contains_key("error") => alter("error", o.get_mut("error").unwrap()),
        Value::Object(o) => alter("error", o.get_mut("type").unwrap()),
        Value::String(s) if field == "error" => {
            *s = if s == "wrong_scalar" {
                "invalid_length"
            } else {
                "wrong_scalar"
            }
            .to_owned();
        }
        Value::String(s) => {
            let mut bytes: Vec<u8> = (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x01;
            *s = bytes.iter().map(|b| format!("{b:02x}")).collect();
        }
        other => panic!("{field}: cannot alter {other}"),
    }
}

#[test]
fn check_rejects_every_altered_output() {
    for (scheme, kinds) in OUTPUTS {
        let (_, file) = gen(scheme, 5, 200);
        for (kind, fields) in *kinds {
            for field in *fields {
                // The last case of the kind that has the field (a list: not
                // empty), so that the report must name the right index.
                let list = file[*kind].as_array().unwrap();
                let present =
                    |v: &Value| !v.is_null() && v.as_array().is_none_or(|l| !l.is_empty());
                let index = list
                    .iter()
                    .rposition(|e| e.get(*field).is_some_and(present))
                    .unwrap_or_else(|| panic!("{scheme}.{kind}: no case with {field}"));
                let mut altered = file.clone();
                alter(field, &mut altered[*kind][index][*field]);
                let path = tmp(&format!("altered-{scheme}-{kind}-{field}.json"));
                std::fs::write(&path, serde_json::to_string_pretty(&altered).unwrap()).unwrap();
                let o = check(scheme, &path);
                let out = stdout(&o);
                assert_eq!(o.status.code(), Some(1), "{scheme}.{kind}.{field}:\n{out}");
                let mismatches: Vec<&str> =
                    out.lines().filter(|l| l.starts_with("MISMATCH")).collect();
                assert_eq!(mismatches.len(), 1, "{scheme}.{kind}.{field}:\n{out}");
                let line = mismatches[0];
                assert!(
                    line.starts_with(&format!("MISMATCH {kind}[{index}]"))
                        && line.contains(&format!(": field {field}: ")),
                    "{scheme}.{kind}.{field}: {line}"
                );
            }
        }
    }
}

#[test]
fn check_rejects_a_file_of_another_shape() {
    let path = vectors_dir().join("payment.json");
    let o = check("schnorr_adaptor", &path);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("MISMATCH scalars: field -"));
    let o = kit(&["check", "no_such_scheme", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = kit(&["gen", "payment", "--count", "many"]);
    assert_eq!(o.status.code(), Some(2));
}
