//! `ptlc-kit`: differential testing of other implementations of ptlc's SPEC.md.
//!
//! ```text
//! ptlc-kit gen SCHEME [--seed S] [--count N]   N random cases (stdout), JSON
//! ptlc-kit check SCHEME FILE                   recompute FILE's outputs ("-": stdin)
//! ptlc-kit list                                the schemes
//! ```
//!
//! Files are in the schema of `test-vectors/SCHEME.json` (test-vectors/README.md).
//! `check` exits 1 when any case differs, 2 on a usage or read error.
#![forbid(unsafe_code)]
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

#[path = "../../tests/blob_craft/mod.rs"]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod blob_craft;
mod case;
mod draw;
mod hex;
mod schemes;
#[path = "../../tests/common/vector_fields.rs"]
mod vector_fields;

use std::io::Read;
use std::process::ExitCode;

use case::Scheme;

const USAGE: &str = "usage:
  ptlc-kit gen SCHEME [--seed S] [--count N]   write N random cases (default 100, seed 0) to stdout
  ptlc-kit check SCHEME FILE                   recompute FILE's outputs with ptlc (FILE - reads stdin)
  ptlc-kit list                                list the schemes";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ptlc-kit: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.split_first() {
        Some((cmd, rest)) if cmd == "gen" => gen(rest),
        Some((cmd, rest)) if cmd == "check" => check(rest),
        Some((cmd, [])) if cmd == "list" => {
            for s in schemes::ALL {
                println!("{}", s.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some((cmd, _)) if cmd == "-h" || cmd == "--help" || cmd == "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err("no command".to_owned()),
    }
}

fn scheme(name: Option<&String>) -> Result<&'static Scheme, String> {
    let name = name.ok_or("no scheme")?;
    schemes::find(name).ok_or_else(|| {
        let names: Vec<&str> = schemes::ALL.iter().map(|s| s.name).collect();
        format!("unknown scheme {name:?} (one of: {})", names.join(", "))
    })
}

fn gen(args: &[String]) -> Result<ExitCode, String> {
    let (name, mut rest) = args.split_first().ok_or("no scheme")?;
    let scheme = scheme(Some(name))?;
    let (mut seed, mut count) = (0u64, 100usize);
    while let Some((flag, tail)) = rest.split_first() {
        let (value, tail) = tail
            .split_first()
            .ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seed" => seed = value.parse().map_err(|e| format!("--seed {value}: {e}"))?,
            "--count" => count = value.parse().map_err(|e| format!("--count {value}: {e}"))?,
            _ => return Err(format!("unknown option {flag}")),
        }
        rest = tail;
    }
    let value = case::gen(scheme, seed, count)?;
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn check(args: &[String]) -> Result<ExitCode, String> {
    let [name, path] = args else {
        return Err("check takes SCHEME FILE".to_owned());
    };
    let scheme = scheme(Some(name))?;
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("stdin: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    }
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{path}: not JSON: {e}"))?;
    let report = case::check(scheme, &value);
    for m in &report.mismatches {
        println!("MISMATCH {m}");
    }
    println!(
        "{}: {} cases, {} mismatches",
        scheme.name,
        report.cases,
        report.mismatches.len()
    );
    Ok(if report.mismatches.is_empty() && report.cases > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
