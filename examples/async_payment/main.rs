//! An asynchronous payment end to end, on real Bitcoin transactions checked by
//! Bitcoin Core's consensus code (libbitcoinconsensus 26).
//!
//! ```sh
//! cargo run -p async_payment                 # Schnorr PTLC on a Taproot output
//! cargo run -p async_payment -- --ecdsa      # ECDSA adaptor PTLC on a P2WPKH output
//! cargo run -p async_payment -- --fail wrong-scalar   # or tampered-blob, expired
//! ```
//!
//! The steps are functions in `flow.rs` (Bitcoin plumbing in `btc.rs`);
//! `tests/async_payment.rs` (beside this file) runs the same functions.
//! This directory is a package of its own, so the command builds only ptlc,
//! rust-bitcoin and libbitcoinconsensus.
mod btc;
mod flow;

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use flow::{Config, Failure, Log, PtlcKind};

const USAGE: &str = "usage: async_payment [--ecdsa] [--fail wrong-scalar|tampered-blob|expired]";

fn parse_args() -> Result<Config, String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let mut cfg = Config {
        ptlc: PtlcKind::Schnorr,
        failure: None,
        now,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--ecdsa" => cfg.ptlc = PtlcKind::Ecdsa,
            "--fail" => {
                cfg.failure = Some(match args.next().as_deref() {
                    Some("wrong-scalar") => Failure::WrongScalar,
                    Some("tampered-blob") => Failure::TamperedBlob,
                    Some("expired") => Failure::Expired,
                    _ => return Err(USAGE.into()),
                })
            }
            "-h" | "--help" => return Err(USAGE.into()),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    Ok(cfg)
}

fn main() -> ExitCode {
    let cfg = match parse_args() {
        Ok(cfg) => cfg,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let mut rng = ptlc::rand_core::UnwrapErr(ptlc::rand_core::OsRng);
    let mut log = Log::printing();
    log.say(format!(
        "Asynchronous payment: A pays B {} sat through S; the PTLC is {}.",
        flow::AMOUNT_SAT,
        match cfg.ptlc {
            PtlcKind::Schnorr => "a Schnorr adaptor signature on a Taproot output",
            PtlcKind::Ecdsa => "an ECDSA adaptor signature on a P2WPKH output",
        }
    ));
    log.say(format!(
        "libbitcoinconsensus version {} (Bitcoin Core 26) checks every final transaction.",
        bitcoinconsensus::version()
    ));
    match flow::run(&cfg, &mut rng, &mut log) {
        Ok(outcome) => {
            log.heading("Summary");
            log.say(format!(
                "package {} B, sealed blob {} B, adaptor signature {} B",
                outcome.package_len, outcome.blob_len, outcome.adaptor_sig_len
            ));
            for v in &outcome.transactions {
                let (size, vsize) = btc::sizes(&v.tx);
                log.say(format!(
                    "accepted by libbitcoinconsensus: {} {} ({size} B, {vsize} vB)",
                    v.name,
                    v.tx.compute_txid()
                ));
            }
            log.say("");
            log.say("Who holds what now:");
            log.say("  A  was offline from step 1 on; its coin went to S under A's own signature");
            log.say("  B  was paid on chain by S's PTLC, without A being online");
            log.say(
                "  S  paid B and, with the s it learned, holds A's signature and its settlement",
            );
            if cfg.failure.is_some() {
                eprintln!("the requested failure did not happen");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            log.say("");
            log.say(format!("stopped: {e}"));
            if cfg.failure.is_some() {
                // The failure was requested: showing it is success.
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
