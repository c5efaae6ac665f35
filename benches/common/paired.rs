//! Interleaved timing of an operation beside its baseline, shared by the
//! benches. On a shared machine the load changes between criterion's separate
//! benchmarks; here the two sides run in alternating short batches (the side
//! that goes first alternates too), so a load change hits both alike, and the
//! ratio of each round is kept.

#![allow(dead_code)] // each bench uses a subset

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

fn batch<R>(iters: u32, f: &mut (impl FnMut() -> R + ?Sized)) -> f64 {
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
    let mut ours = || {
        black_box(ours());
    };
    let mut base = || {
        black_box(base());
    };
    let sides = paired_sides(iters, rounds, &mut [&mut ours, &mut base]);
    let p = &sides[0];
    Paired {
        ours_us: p.us,
        base_us: sides[1].us,
        ratio_q1: p.ratio_q1,
        ratio_median: p.ratio_median,
        ratio_q3: p.ratio_q3,
    }
}

/// One side of [`paired_sides`]: the median batch time (microseconds per call)
/// and the quartiles of its per-round ratios to the last side (the baseline).
pub struct Side {
    pub us: f64,
    pub ratio_q1: f64,
    pub ratio_median: f64,
    pub ratio_q3: f64,
}

/// Any number of sides in the same interleaved rounds (the side that goes
/// first rotates), each timed against the last, the baseline. One warm-up
/// batch each first.
pub fn paired_sides(iters: u32, rounds: usize, sides: &mut [&mut dyn FnMut()]) -> Vec<Side> {
    let n = sides.len();
    for side in sides.iter_mut() {
        batch(iters, side);
    }
    let mut times = vec![Vec::new(); n];
    for i in 0..rounds {
        let mut round = vec![0.0; n];
        for j in 0..n {
            let k = (i + j) % n;
            round[k] = batch(iters, &mut sides[k]);
        }
        for (t, r) in times.iter_mut().zip(round) {
            t.push(r);
        }
    }
    let base = times[n - 1].clone();
    times
        .iter_mut()
        .map(|t| {
            let mut r: Vec<f64> = t.iter().zip(&base).map(|(x, y)| x / y).collect();
            Side {
                us: quantile(t, 1, 2),
                ratio_q1: quantile(&mut r, 1, 4),
                ratio_median: quantile(&mut r, 1, 2),
                ratio_q3: quantile(&mut r, 3, 4),
            }
        })
        .collect()
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
