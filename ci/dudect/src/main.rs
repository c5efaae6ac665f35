//! dudect timing tests (Reparaz, Balasch, Verbauwhede, "Dude, is my code
//! constant time?", 2017) for ptlc's secret paths.
//!
//! Each bench times one operation on two classes of secret inputs, a fixed
//! secret (Left) and fresh random secrets (Right), in random order, and
//! reports Welch's t statistic between the two timing distributions. |t| below
//! about 5 after many samples means no leak was detected; a leaky compare
//! reaches hundreds. It catches only large leaks on a shared machine; the
//! valgrind check (ci/ctime.sh) is the precise one.
//!
//! Run (release build, a few minutes; `--continuous NAME` keeps sampling):
//!   cd ci/dudect && cargo run --release
//!   cd ci/dudect && cargo run --release -- --filter presign
//!   cd ci/dudect && cargo run --release -- --continuous payment_point
//!
//! Adding an operation: one function like the ones below, and its name in
//! `ctbench_main!`.

use dudect_bencher::rand::{Rng, RngCore};
use dudect_bencher::{ctbench_main, BenchRng, Class, CtRunner};
use ptlc::schnorr_adaptor;
use ptlc::secp256k1::{Keypair, SecretKey};
use ptlc::{HopTweak, PaymentScalar, RoutePayer};

/// Samples per class and call of a bench function.
const N: usize = 20_000;

fn random_scalar(rng: &mut BenchRng) -> PaymentScalar {
    loop {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        if let Ok(t) = PaymentScalar::from_bytes(&b) {
            return t;
        }
    }
}

/// A fixed secret with many zero bits: the classic "special value" class.
fn fixed_scalar() -> PaymentScalar {
    let mut b = [0u8; 32];
    b[31] = 1;
    PaymentScalar::from_bytes(&b).expect("1 is a valid scalar")
}

/// Shuffled classes with their inputs, so that timing drift hits both.
fn inputs<T>(
    rng: &mut BenchRng,
    mut left: impl FnMut() -> T,
    mut right: impl FnMut(&mut BenchRng) -> T,
) -> Vec<(Class, T)> {
    (0..2 * N)
        .map(|_| {
            if rng.gen::<bool>() {
                (Class::Left, left())
            } else {
                (Class::Right, right(rng))
            }
        })
        .collect()
}

/// `t·G` (libsecp256k1's constant-time `ecmult_gen`) through `PaymentScalar::point`.
fn payment_point(runner: &mut CtRunner, rng: &mut BenchRng) {
    for (class, t) in inputs(rng, fixed_scalar, random_scalar) {
        runner.run_one(class, || core::hint::black_box(t.point()));
    }
}

/// Proof-of-payment check `t.opens(&T)` for a fixed public `T`.
fn payment_opens(runner: &mut CtRunner, rng: &mut BenchRng) {
    let point = random_scalar(rng).point();
    for (class, t) in inputs(rng, fixed_scalar, random_scalar) {
        runner.run_one(class, || core::hint::black_box(t.opens(&point)));
    }
}

/// Hop side: settle upstream, `x_i = x_{i+1} + y_i`, after the point checks
/// (`y·G`, `x_{i+1}·G`, secret addition).
fn route_settle(runner: &mut CtRunner, rng: &mut BenchRng) {
    let hop_for = |t: PaymentScalar| {
        let y = HopTweak::from_bytes(t.expose_secret()).expect("valid");
        let hop = RoutePayer::new(t.point())
            .add_upstream_hop_with_tweak(y)
            .expect("hop");
        (hop, t)
    };
    for (class, (hop, t)) in inputs(
        rng,
        || hop_for(fixed_scalar()),
        |r| hop_for(random_scalar(r)),
    ) {
        runner.run_one(class, || core::hint::black_box(hop.upstream_scalar(&t)));
    }
}

/// Control: an early-exit comparison of a secret with a fixed guess. This one
/// must show a large |t| (hundreds), or the machine is too noisy to judge.
fn control_leaky_compare(runner: &mut CtRunner, rng: &mut BenchRng) {
    let guess = [0x5au8; 64];
    let fixed = || guess;
    let random = |r: &mut BenchRng| {
        let mut b = [0u8; 64];
        r.fill_bytes(&mut b);
        b
    };
    for (class, secret) in inputs(rng, fixed, random) {
        runner.run_one(class, || {
            let s = core::hint::black_box(&secret);
            let mut equal = true;
            for (a, b) in s.iter().zip(guess.iter()) {
                if a != b {
                    equal = false;
                    break;
                }
            }
            core::hint::black_box(equal)
        });
    }
}

/// Schnorr adaptor `presign`: fixed vs random signing key and `aux_rand`, with
/// a fixed message and adaptor point.
fn schnorr_presign(runner: &mut CtRunner, rng: &mut BenchRng) {
    let adaptor = random_scalar(rng).point();
    let msg = [0x42u8; 32];
    let key = |t: PaymentScalar| Keypair::from_secret_bytes(*t.expose_secret()).expect("valid");
    let fixed = || (key(fixed_scalar()), [0u8; 32]);
    let random = |r: &mut BenchRng| {
        let mut aux = [0u8; 32];
        r.fill_bytes(&mut aux);
        (key(random_scalar(r)), aux)
    };
    for (class, (kp, aux)) in inputs(rng, fixed, random) {
        runner.run_one(class, || {
            core::hint::black_box(schnorr_adaptor::presign(&kp, &msg, &adaptor, &aux))
        });
    }
}

/// `presign` with the public parities held equal across the classes: the
/// parities of `P` and `R'` select public code paths (a public scalar
/// negation), so `schnorr_presign` mixes them into the secret classes. Here
/// the random class keeps only keys and `aux_rand` for which both parities
/// match the fixed class's, so any difference left comes from the secrets.
fn schnorr_presign_parity_matched(runner: &mut CtRunner, rng: &mut BenchRng) {
    let adaptor = random_scalar(rng).point();
    let msg = [0x42u8; 32];
    let key = |t: PaymentScalar| Keypair::from_secret_bytes(*t.expose_secret()).expect("valid");
    let parities = |kp: &Keypair, aux: &[u8; 32]| {
        let pre = schnorr_adaptor::presign(kp, &msg, &adaptor, aux);
        (kp.x_only_public_key().1, pre.to_bytes()[0])
    };
    let fixed_kp = key(fixed_scalar());
    let want = parities(&fixed_kp, &[0u8; 32]);
    let fixed = || (fixed_kp, [0u8; 32]);
    let random = |r: &mut BenchRng| loop {
        let mut aux = [0u8; 32];
        r.fill_bytes(&mut aux);
        let kp = key(random_scalar(r));
        if parities(&kp, &aux) == want {
            return (kp, aux);
        }
    };
    for (class, (kp, aux)) in inputs(rng, fixed, random) {
        runner.run_one(class, || {
            core::hint::black_box(schnorr_adaptor::presign(&kp, &msg, &adaptor, &aux))
        });
    }
}

/// `blob::open`: fixed vs random recipient keypair, each with a blob sealed to it
/// (same plaintext, length and ephemeral point, so the public inputs match
/// except for ciphertext bytes).
fn blob_open(runner: &mut CtRunner, rng: &mut BenchRng) {
    let plaintext = [1u8, 2, 0xaa, 0xbb, 3, 2, 0xcc, 0xdd];
    let n = ptlc::blob::sealed_len(plaintext.len()).expect("len");
    let sealed = |t: PaymentScalar, r: &mut BenchRng| {
        let kp = Keypair::from_secret_bytes(*t.expose_secret()).expect("valid");
        let mut blob = vec![0u8; n];
        // One ephemeral key for every blob: its point is public input that
        // libsecp256k1 parses in variable time, so it is held equal across
        // the classes; only the recipient key (secret) differs.
        let _ = r;
        let eph = PaymentScalar::from_bytes(&[2u8; 32]).expect("valid");
        ptlc::blob::seal_with_ephemeral(
            &t.point().into(),
            b"id",
            &plaintext,
            eph.expose_secret(),
            &mut blob,
        )
        .expect("seal");
        (kp, blob)
    };
    let fixed = sealed(fixed_scalar(), rng);
    let inputs = inputs(
        rng,
        || fixed.clone(),
        |r| {
            let t = random_scalar(r);
            sealed(t, r)
        },
    );
    for (class, (kp, blob)) in inputs {
        runner.run_one(class, || {
            let mut buf = [0u8; 512];
            core::hint::black_box(ptlc::blob::open(&kp, b"id", &blob, &mut buf).is_ok())
        });
    }
}

/// ECDSA adaptor `presign`: fixed vs random signing key and `aux_rand`, fixed
/// message and adaptor point (ECDSA has no parity-dependent public path).
fn ecdsa_presign(runner: &mut CtRunner, rng: &mut BenchRng) {
    let adaptor = random_scalar(rng).point();
    let msg = [0x42u8; 32];
    let key = |t: PaymentScalar| SecretKey::from_secret_bytes(*t.expose_secret()).expect("valid");
    let fixed = || (key(fixed_scalar()), [0u8; 32]);
    let random = |r: &mut BenchRng| {
        let mut aux = [0u8; 32];
        r.fill_bytes(&mut aux);
        (key(random_scalar(r)), aux)
    };
    for (class, (sk, aux)) in inputs(rng, fixed, random) {
        runner.run_one(class, || {
            core::hint::black_box(ptlc::ecdsa_adaptor::presign(&sk, &msg, &adaptor, &aux))
        });
    }
}

ctbench_main!(
    blob_open,
    ecdsa_presign,
    schnorr_presign,
    schnorr_presign_parity_matched,
    payment_point,
    payment_opens,
    route_settle,
    control_leaky_compare
);
