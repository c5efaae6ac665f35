//! A payment over a decorrelated three-hop route: every hop sees a different
//! point, and settlement runs back from the payee to the payer.
//!
//! `cargo run --example decorrelated_route`
use ptlc::{decorrelate_route, PaymentScalar};

fn short(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}…", &hex[..16])
}

fn main() -> Result<(), ptlc::RouteError> {
    let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    let t = PaymentScalar::random(&mut rng).map_err(|_| ptlc::RouteError::RngFailure)?;
    println!("payee's point T          {}", short(&t.point().to_bytes()));

    let (route, payer) = decorrelate_route(&t.point(), 3, &mut rng)?;
    for (i, hop) in route.iter().enumerate() {
        hop.verify()?;
        println!(
            "hop {} locks in {}  out {}",
            i + 1,
            short(&hop.incoming.to_bytes()),
            short(&hop.outgoing.to_bytes())
        );
    }

    let mut x = t.clone();
    for (i, hop) in route.iter().enumerate().rev() {
        x = hop.upstream_scalar(&x)?;
        println!(
            "hop {} settles upstream with a scalar that opens its incoming point",
            i + 1
        );
    }
    let proof = payer.proof_of_payment(&x)?;
    println!("payer recovers t: proof of payment {}", proof == t);
    Ok(())
}
