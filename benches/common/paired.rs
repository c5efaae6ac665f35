//! Interleaved timing of an operation beside its baseline, shared by the
//! benches. On a shared machine the load changes between criterion's separate
//! benchmarks; here the two sides run in alternating short batches (the side
//! that goes first alternates too), so a load change hits both alike, and the
//! ratio of each round is kept.

use std::hint::black_box;
use std::time::Instant;

/// Medians of the per-batch times (microseconds per call) and quartiles of the
/// per-round ratios `ours / baseline`.
pub struct Paired {
    pub ours_us: f64,
    pub base_us: f64,
    pub ratio_q1: f64,
    pub ratio_median: f64,
    pub ratio_q3: f64,
}

fn batch<R>(iters: u32, f: &mut impl FnMut() -> R) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(iters)
}

fn quantile(v: &mut [f64], num: usize, den: usize) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("finite times"));
    v[(v.len() - 1) * num / den]
}

/// Runs `rounds` rounds of `iters` calls of each side, after one warm-up batch.
pub fn paired<A, B>(
    iters: u32,
    rounds: usize,
    mut ours: impl FnMut() -> A,
    mut base: impl FnMut() -> B,
) -> Paired {
    batch(iters, &mut ours);
    batch(iters, &mut base);
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let (x, y) = if i % 2 == 0 {
            let x = batch(iters, &mut ours);
            (x, batch(iters, &mut base))
        } else {
            let y = batch(iters, &mut base);
            (batch(iters, &mut ours), y)
        };
        a.push(x);
        b.push(y);
        r.push(x / y);
    }
    Paired {
        ours_us: quantile(&mut a, 1, 2),
        base_us: quantile(&mut b, 1, 2),
        ratio_q1: quantile(&mut r, 1, 4),
        ratio_median: quantile(&mut r, 1, 2),
        ratio_q3: quantile(&mut r, 3, 4),
    }
}

/// A closure that hands out `items` in turn, so a side of a pair cycles
/// through many inputs (libsecp256k1's variable-time code costs differ by input).
pub fn cycle<'a, T>(items: &'a [T]) -> impl FnMut() -> &'a T + 'a {
    let mut i = 0;
    move || {
        i = (i + 1) % items.len();
        &items[i]
    }
}
