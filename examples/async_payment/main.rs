//! An asynchronous payment end to end, on real Bitcoin transactions checked by
//! Bitcoin Core's consensus code (libbitcoinconsensus 26).
//!
//! ```sh
//! cargo run -p async_payment                 # MuSig2 Taproot channel, Schnorr PTLC
//! cargo run -p async_payment -- --ecdsa      # the PTLC is ECDSA on a P2WPKH output
//! cargo run -p async_payment -- --channel single-key   # A's coin is a single-key P2TR output
//! cargo run -p async_payment -- --fail wrong-partial-signature  # or nonce-reuse,
//!                                            # wrong-scalar, tampered-blob, expired
//! ```
//!
//! The steps are functions in `musig_flow.rs` (the MuSig2 channel, with
//! `channel.rs`) and `flow.rs` (the single-key coin, and the PTLC both use);
//! Bitcoin plumbing is in `btc.rs`;
//! `tests/async_payment.rs` (beside this file) runs the same functions.
//! This directory is a package of its own, so the command builds only ptlc,
//! rust-bitcoin and libbitcoinconsensus.
mod btc;
mod channel;
mod flow;
mod musig_flow;
mod route;

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use flow::{ChannelKind, Config, Failure, Log, PtlcKind};

const USAGE: &str = "usage: async_payment [--channel musig2|single-key] [--ecdsa] \
[--fail wrong-partial-signature|nonce-reuse|wrong-scalar|tampered-blob|expired]";

fn parse_args() -> Result<Config, String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let mut cfg = Config {
        channel: ChannelKind::Musig2,
        ptlc: PtlcKind::Schnorr,
        failure: None,
        now,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--ecdsa" => cfg.ptlc = PtlcKind::Ecdsa,
            "--channel" => {
                cfg.channel = match args.next().as_deref() {
                    Some("musig2") => ChannelKind::Musig2,
                    Some("single-key") => ChannelKind::SingleKey,
                    _ => return Err(USAGE.into()),
                }
            }
            "--fail" => {
                cfg.failure = Some(match args.next().as_deref() {
                    Some("wrong-partial-signature") => Failure::WrongPartialSignature,
                    Some("nonce-reuse") => Failure::NonceReuse,
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
    let musig_only = matches!(
        cfg.failure,
        Some(Failure::WrongPartialSignature | Failure::NonceReuse)
    );
    if musig_only && cfg.channel != ChannelKind::Musig2 {
        return Err(format!("that failure needs --channel musig2\n{USAGE}"));
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
        "Asynchronous payment: A pays B {} sat through S; A's coin is {}; the PTLC is {}.",
        flow::AMOUNT_SAT,
        match cfg.channel {
            ChannelKind::Musig2 => "A and S's Taproot channel (MuSig2 2-of-2, key path)",
            ChannelKind::SingleKey => "a single-key Taproot output",
        },
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
            for line in who_holds_what(cfg.channel) {
                log.say(*line);
            }
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

/// The closing narration.
fn who_holds_what(channel: ChannelKind) -> &'static [&'static str] {
    match channel {
        ChannelKind::Musig2 => &[
            "  A  was offline from step 1 on; the channel paid S under A and S's 2-of-2 signature",
            "  B  was paid on chain by S's PTLC for A's partial signature, without A being online",
            "  S  paid B and, with the s_A it learned and its own s_S, completed the settlement",
        ],
        ChannelKind::SingleKey => &[
            "  A  was offline from step 1 on; its coin went to S under A's own signature",
            "  B  was paid on chain by S's PTLC, without A being online",
            "  S  paid B and, with the s it learned, holds A's signature and its settlement",
        ],
    }
}
