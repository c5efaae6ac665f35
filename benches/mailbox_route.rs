//! The mailbox route (BOLT 4 onion messages): one peel beside its floor, in
//! the same interleaved run (benches/common/paired.rs), and building a route
//! of 4 payer relays + 4 payee hops.
//!
//! The floor of a peel is the work no implementation can skip: two ECDHs
//! (libsecp256k1's `secp256k1_ecdh` with its SHA-256 hash, BOLT 4's shared
//! secret: the path key's and the onion key's), one ChaCha20 over the packet
//! and one HMAC-SHA256 over its 1300 bytes of payloads. The mailbox (final
//! hop) does exactly that. A relay must also compute the next path key and the
//! next onion key, two more multiplications of a public point by a secret
//! factor; its own floor adds two `ecmult_const` (`ecdh::shared_secret_point`)
//! to the peel floor, and it is shown against both.
//!
//! Building 4 + 4 hops is shown against 28 ECDHs, the constant-time
//! multiplications any construction of it needs (see `BUILD_MULTIPLICATIONS`).
//!
//! `cargo bench --bench mailbox_route -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use chacha20::cipher::{KeyIvInit, StreamCipher};
use chacha20::ChaCha20;
use criterion::{criterion_group, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use ptlc::mailbox_route::{
    build_mailbox_path, build_onion, peel, BlindedPath, Peeled, SMALL_PACKET_LEN,
};
use ptlc::secp256k1::{ecdh, PublicKey, SecretKey};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::Sha256;

#[path = "common/paired.rs"]
mod common;
use common::{cycle, paired};

const FIXTURES: u64 = 16;

/// The constant-time multiplications a 4 + 4 build needs: the payer's own path
/// (`E_0`, then per relay the ECDH, `B_i` and, but for the last, `E_{i+1}`:
/// 1 + 4 + 4 + 3) and the Sphinx layers (the session's public key, then per hop
/// the ECDH and, but for the last, the next ephemeral key: 1 + 8 + 7).
const BUILD_MULTIPLICATIONS: usize = 28;

/// A random key (a draw outside `[1, n-1]` has probability 2^-128).
fn secret_key(rng: &mut ChaCha20Rng) -> SecretKey {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    SecretKey::from_secret_bytes(b).expect("in range")
}

/// One 4 + 4 route: its nodes, the payee's encoded path, and the packet and
/// path key each hop receives.
struct Fixture {
    payer_relays: Vec<PublicKey>,
    path: Vec<u8>,
    nodes: Vec<SecretKey>,
    arrivals: Vec<(PublicKey, Vec<u8>)>,
    blob: Vec<u8>,
}

fn fixture(seed: u64) -> Fixture {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let nodes: Vec<SecretKey> = (0..8).map(|_| secret_key(&mut rng)).collect();
    let ids: Vec<PublicKey> = nodes.iter().map(PublicKey::from_secret_key).collect();
    let mut path = vec![0u8; 1024];
    let n =
        build_mailbox_path(&mut rng, &ids[4..7], &ids[7], b"mailbox id 0123", &mut path).unwrap();
    path.truncate(n);
    let blob = vec![0xb1; 338]; // the smallest sealed blob
    let mut packet = vec![0u8; SMALL_PACKET_LEN];
    let msg = build_onion(
        &mut rng,
        &ids[..4],
        &BlindedPath::parse(&path).unwrap(),
        &blob,
        &mut packet,
    )
    .unwrap();
    let mut arrivals = vec![(msg.path_key, packet)];
    for sk in &nodes[..7] {
        let (key, pkt) = arrivals.last().unwrap();
        let mut out = vec![0u8; pkt.len()];
        let Peeled::Forward(f) = peel(sk, key, pkt, &mut out).unwrap() else {
            panic!()
        };
        arrivals.push((f.next_path_key, f.packet.to_vec()));
    }
    Fixture {
        payer_relays: ids[..4].to_vec(),
        path,
        nodes,
        arrivals,
        blob,
    }
}

fn fixtures() -> Vec<Fixture> {
    (0..FIXTURES).map(fixture).collect()
}

/// The peel floor: two BOLT 4 ECDHs, ChaCha20 over the packet, HMAC over the payloads.
fn floor(sk: &SecretKey, path_key: &PublicKey, packet: &[u8], buf: &mut [u8]) -> [u8; 32] {
    let ss1 = ecdh::SharedSecret::new(black_box(path_key), black_box(sk));
    let onion_key = PublicKey::from_slice(&packet[1..34]).unwrap();
    let ss2 = ecdh::SharedSecret::new(&onion_key, black_box(sk));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&ss2.to_secret_bytes()).unwrap();
    mac.update(&packet[34..1334]);
    let tag: [u8; 32] = mac.finalize().into_bytes().into();
    buf.copy_from_slice(packet);
    let mut c = ChaCha20::new(&ss1.to_secret_bytes().into(), &[0u8; 12].into());
    c.apply_keystream(buf);
    tag
}

/// A relay's floor: the peel floor and the two tweaks (constant-time point
/// multiplications) for the next path key and onion key.
fn forward_floor(sk: &SecretKey, path_key: &PublicKey, packet: &[u8], buf: &mut [u8]) -> [u8; 32] {
    let t = floor(sk, path_key, packet, buf);
    black_box(ecdh::shared_secret_point(black_box(path_key), sk));
    black_box(ecdh::shared_secret_point(black_box(path_key), sk));
    t
}

fn peel_len(sk: &SecretKey, key: &PublicKey, packet: &[u8], out: &mut [u8]) -> usize {
    match peel(sk, key, packet, out).unwrap() {
        Peeled::Forward(f) => f.packet.len(),
        Peeled::Final { blob, .. } => blob.len(),
    }
}

/// The payer's build for a fixture's route.
fn build(rng: &mut ChaCha20Rng, f: &Fixture, path: &BlindedPath<'_>, out: &mut [u8]) -> usize {
    build_onion(rng, &f.payer_relays, path, black_box(&f.blob), out)
        .unwrap()
        .len
}

fn bench(c: &mut Criterion) {
    let fx = fixtures();
    let f = &fx[0];
    let mut out = vec![0u8; SMALL_PACKET_LEN];
    let mut buf = vec![0u8; SMALL_PACKET_LEN];
    let mut g = c.benchmark_group("mailbox_route");
    let (k, p) = &f.arrivals[1];
    g.bench_function("peel_forward", |b| {
        b.iter(|| peel_len(&f.nodes[1], black_box(k), p, &mut out))
    });
    let (k7, p7) = &f.arrivals[7];
    g.bench_function("peel_final", |b| {
        b.iter(|| peel_len(&f.nodes[7], black_box(k7), p7, &mut out))
    });
    g.bench_function("peel_floor", |b| {
        b.iter(|| floor(&f.nodes[7], black_box(k7), p7, &mut buf))
    });
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    let path = BlindedPath::parse(&f.path).unwrap();
    g.bench_function("build_4_plus_4", |b| {
        b.iter(|| build(&mut rng, f, &path, &mut out))
    });
    g.finish();
}

fn report(name: &str, p: &common::Paired) {
    println!(
        "paired {name} ({FIXTURES} fixtures): median {:.3} (quartiles {:.3}..{:.3}), {:.2} us / {:.2} us",
        p.ratio_median, p.ratio_q1, p.ratio_q3, p.ours_us, p.base_us
    );
}

type Floor = fn(&SecretKey, &PublicKey, &[u8], &mut [u8]) -> [u8; 32];

/// The peel at `hop` beside `floor` for the same key and packet, interleaved.
fn paired_peel(fx: &[Fixture], hop: usize, floor: Floor, name: &str) {
    let mut out = vec![0u8; SMALL_PACKET_LEN];
    let mut buf = vec![0u8; SMALL_PACKET_LEN];
    let (mut a, mut b) = (cycle(fx), cycle(fx));
    let p = paired(
        FIXTURES as u32,
        101,
        || {
            let f = a();
            let (k, pkt) = &f.arrivals[hop];
            peel_len(&f.nodes[hop], black_box(k), pkt, &mut out)
        },
        || {
            let f = b();
            let (k, pkt) = &f.arrivals[hop];
            floor(&f.nodes[hop], black_box(k), pkt, &mut buf)
        },
    );
    report(name, &p);
}

fn paired_targets() {
    let fx = fixtures();
    paired_peel(&fx, 7, floor, "peel (mailbox, final hop) / peel floor");
    paired_peel(
        &fx,
        5,
        forward_floor,
        "peel (relay, forward) / relay floor (+2 ecmult_const)",
    );
    paired_peel(&fx, 5, floor, "peel (relay, forward) / peel floor");
    let mut out = vec![0u8; SMALL_PACKET_LEN];
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));
    let p = paired(
        FIXTURES as u32,
        31,
        || {
            let f = a();
            build(&mut rng, f, &BlindedPath::parse(&f.path).unwrap(), &mut out)
        },
        || {
            let f = b();
            for _ in 0..BUILD_MULTIPLICATIONS {
                black_box(ecdh::SharedSecret::new(
                    black_box(&f.payer_relays[0]),
                    &f.nodes[0],
                ));
            }
        },
    );
    report("build 4+4 hops / 28 ECDHs (its multiplications)", &p);
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if std::env::args().any(|a| a == "--bench") {
        paired_targets();
    }
}
