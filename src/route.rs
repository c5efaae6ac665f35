//! Route decorrelation (SPEC.md, "Route decorrelation").
//!
//! With payment hashes every hop of a route sees the same hash. With PTLCs the
//! payer draws a secret tweak `y_i` for each forwarding hop `i` (1 = nearest
//! the payer, N = nearest the payee). Hop `i` receives a PTLC locked to
//!
//! ```text
//! X_i = T + (y_i + y_{i+1} + ... + y_N)·G
//! ```
//!
//! and forwards one locked to `X_{i+1}` (with `X_{N+1} = T`, the payee's point).
//! When it learns `x_{i+1}` from downstream it settles upstream with
//! `x_i = x_{i+1} + y_i`. The payer, who knows every tweak, turns the scalar it
//! learns from hop 1 back into `t` with [`RoutePayer::proof_of_payment`].
//!
//! The builder works from the payee back to the payer and keeps no list, so it
//! needs no heap; [`decorrelate_route`] collects a whole route behind `alloc`.

use core::fmt;

use rand_core::{CryptoRng, RngCore};
use zeroize::ZeroizeOnDrop;

use crate::arith::SecretScalar;
use crate::error::{RouteError, ScalarError};
use crate::payment::{random_secret_scalar, PaymentPoint, PaymentScalar};

/// A hop's secret tweak `y_i`, given to hop `i` by the payer (inside the onion).
///
/// Not a [`PaymentScalar`]: a tweak opens nothing by itself. Wiped on drop,
/// redacted in `Debug`, compared in constant time.
///
/// ```
/// let y = ptlc::HopTweak::from_bytes(&[3u8; 32])?;
/// assert_eq!(format!("{y:?}"), "HopTweak(<redacted>)");
/// # Ok::<(), ptlc::ScalarError>(())
/// ```
#[derive(Clone)]
pub struct HopTweak(SecretScalar);

impl HopTweak {
    /// Parses 32 big-endian bytes in `[1, n-1]`.
    ///
    /// ```
    /// assert!(ptlc::HopTweak::from_bytes(&[0u8; 32]).is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, ScalarError> {
        PaymentScalar::from_bytes(bytes).map(|s| Self(s.inner().clone()))
    }

    /// The secret tweak bytes, big-endian, for putting into the hop's onion payload.
    ///
    /// ```
    /// let y = ptlc::HopTweak::from_bytes(&[3u8; 32])?;
    /// assert_eq!(y.expose_secret(), &[3u8; 32]);
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn expose_secret(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for HopTweak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HopTweak(<redacted>)")
    }
}

impl PartialEq for HopTweak {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for HopTweak {}

// The only field wipes itself on drop.
impl ZeroizeOnDrop for HopTweak {}

/// What the payer tells forwarding hop `i`: its incoming and outgoing points and
/// its tweak, with `incoming = outgoing + tweak·G`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HopLock {
    /// The point the hop's incoming PTLC is locked to, `X_i`.
    pub incoming: PaymentPoint,
    /// The point the hop locks its outgoing PTLC to, `X_{i+1}`.
    pub outgoing: PaymentPoint,
    /// The hop's secret tweak `y_i`.
    pub tweak: HopTweak,
}

impl HopLock {
    /// Hop side: checks `incoming == outgoing + tweak·G`.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// use ptlc::{PaymentScalar, RoutePayer};
    /// let t = PaymentScalar::random(&mut rng)?;
    /// let mut payer = RoutePayer::new(t.point());
    /// let hop = payer.add_upstream_hop(&mut rng)?;
    /// hop.verify()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify(&self) -> Result<(), RouteError> {
        verify_hop(&self.incoming, &self.outgoing, &self.tweak)
    }

    /// Hop side: given the scalar learned from downstream (which must open
    /// `outgoing`), the scalar that settles the incoming PTLC (which opens
    /// `incoming`).
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// use ptlc::{PaymentScalar, RoutePayer};
    /// let t = PaymentScalar::random(&mut rng)?;
    /// let mut payer = RoutePayer::new(t.point());
    /// let hop = payer.add_upstream_hop(&mut rng)?;
    /// let upstream = hop.upstream_scalar(&t)?;
    /// assert!(upstream.opens(&hop.incoming));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn upstream_scalar(&self, downstream: &PaymentScalar) -> Result<PaymentScalar, RouteError> {
        upstream_scalar(&self.incoming, &self.outgoing, &self.tweak, downstream)
    }
}

/// Hop side: checks `incoming == outgoing + tweak·G`.
///
/// ```
/// use ptlc::{verify_hop, HopTweak, PaymentScalar, RouteError};
/// let out = PaymentScalar::from_bytes(&[1u8; 32])?.point();
/// let y = HopTweak::from_bytes(&[2u8; 32])?;
/// assert_eq!(verify_hop(&out, &out, &y), Err(RouteError::TweakMismatch));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_hop(
    incoming: &PaymentPoint,
    outgoing: &PaymentPoint,
    tweak: &HopTweak,
) -> Result<(), RouteError> {
    // outgoing + y·G at infinity cannot equal the (valid) incoming point: that
    // is a tweak mismatch too (SPEC.md, hop side, step 1).
    let expected = outgoing.combine(&PaymentPoint::from_public_key(tweak.0.base_mul()));
    if expected.as_ref() == Some(incoming) {
        Ok(())
    } else {
        Err(RouteError::TweakMismatch)
    }
}

/// Hop side: `x_i = x_{i+1} + y_i`, after checking the hop's points and that
/// the downstream scalar opens `outgoing`.
///
/// ```
/// use ptlc::{upstream_scalar, verify_hop, HopTweak, PaymentScalar};
/// let x_next = PaymentScalar::from_bytes(&[1u8; 32])?;
/// let y = HopTweak::from_bytes(&[2u8; 32])?;
/// let incoming = PaymentScalar::from_bytes(&[3u8; 32])?.point();
/// let x = upstream_scalar(&incoming, &x_next.point(), &y, &x_next)?;
/// assert!(x.opens(&incoming));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn upstream_scalar(
    incoming: &PaymentPoint,
    outgoing: &PaymentPoint,
    tweak: &HopTweak,
    downstream: &PaymentScalar,
) -> Result<PaymentScalar, RouteError> {
    verify_hop(incoming, outgoing, tweak)?;
    if !downstream.opens(outgoing) {
        return Err(RouteError::WrongScalar);
    }
    downstream
        .inner()
        .add(&tweak.0)
        .map(PaymentScalar::from_inner)
        .ok_or(RouteError::Degenerate)
}

/// Payer side: builds a decorrelated route from the payee back to the payer,
/// one hop at a time, without allocating.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::{PaymentScalar, RoutePayer};
/// let t = PaymentScalar::random(&mut rng)?; // the payee's secret
/// let mut payer = RoutePayer::new(t.point());
/// let hop2 = payer.add_upstream_hop(&mut rng)?; // nearest the payee
/// let hop1 = payer.add_upstream_hop(&mut rng)?; // nearest the payer
/// assert_eq!(payer.first_point(), hop1.incoming);
/// // Settlement runs back: payee reveals t, hops add their tweaks.
/// let x2 = hop2.upstream_scalar(&t)?;
/// let x1 = hop1.upstream_scalar(&x2)?;
/// assert_eq!(payer.proof_of_payment(&x1)?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct RoutePayer {
    payee_point: PaymentPoint,
    current: PaymentPoint,
    total_tweak: Option<SecretScalar>,
}

impl RoutePayer {
    /// Starts a route that ends at the payee's point `T`.
    ///
    /// ```
    /// # let t = ptlc::PaymentScalar::from_bytes(&[5u8; 32])?;
    /// let payer = ptlc::RoutePayer::new(t.point());
    /// assert_eq!(payer.first_point(), t.point()); // no hops yet
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn new(payee_point: PaymentPoint) -> Self {
        Self {
            payee_point,
            current: payee_point,
            total_tweak: None,
        }
    }

    /// Adds the hop just upstream of the ones added so far, drawing its tweak.
    /// The first call gives the hop nearest the payee.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # let t = ptlc::PaymentScalar::from_bytes(&[5u8; 32])?;
    /// let mut payer = ptlc::RoutePayer::new(t.point());
    /// let hop = payer.add_upstream_hop(&mut rng)?;
    /// assert_eq!(hop.outgoing, t.point());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_upstream_hop<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<HopLock, RouteError> {
        let tweak = random_secret_scalar(rng).map_err(|_| RouteError::RngFailure)?;
        self.add_upstream_hop_with_tweak(HopTweak(tweak))
    }

    /// Adds the hop just upstream of the ones added so far with a tweak the
    /// caller chose: for payers that derive tweaks from a seed, and for test
    /// vectors. Tweaks MUST be secret and independent (SPEC.md).
    ///
    /// ```
    /// # let t = ptlc::PaymentScalar::from_bytes(&[5u8; 32])?;
    /// use ptlc::{HopTweak, RoutePayer};
    /// let mut payer = RoutePayer::new(t.point());
    /// let hop = payer.add_upstream_hop_with_tweak(HopTweak::from_bytes(&[9u8; 32])?)?;
    /// assert_eq!(hop.upstream_scalar(&t)?.expose_secret(), &[14u8; 32]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_upstream_hop_with_tweak(&mut self, tweak: HopTweak) -> Result<HopLock, RouteError> {
        let incoming = self
            .current
            .combine(&PaymentPoint::from_public_key(tweak.0.base_mul()))
            .ok_or(RouteError::Degenerate)?;
        let total = match &self.total_tweak {
            None => tweak.0.clone(),
            Some(sum) => sum.add(&tweak.0).ok_or(RouteError::Degenerate)?,
        };
        self.total_tweak = Some(total);
        let hop = HopLock {
            incoming,
            outgoing: self.current,
            tweak,
        };
        self.current = incoming;
        Ok(hop)
    }

    /// The point the payer locks its own outgoing PTLC to (hop 1's incoming
    /// point; `T` itself while no hop was added).
    ///
    /// ```
    /// # let t = ptlc::PaymentScalar::from_bytes(&[5u8; 32])?;
    /// let payer = ptlc::RoutePayer::new(t.point());
    /// assert_eq!(payer.first_point(), t.point());
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn first_point(&self) -> PaymentPoint {
        self.current
    }

    /// Turns the scalar that settled the payer's outgoing PTLC into the
    /// payee's scalar `t` (the proof of payment), checking that it opens `T`.
    ///
    /// ```
    /// # let t = ptlc::PaymentScalar::from_bytes(&[5u8; 32])?;
    /// let payer = ptlc::RoutePayer::new(t.point());
    /// assert_eq!(payer.proof_of_payment(&t)?, t);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn proof_of_payment(
        &self,
        first_scalar: &PaymentScalar,
    ) -> Result<PaymentScalar, RouteError> {
        if !first_scalar.opens(&self.current) {
            return Err(RouteError::WrongScalar);
        }
        let t = match &self.total_tweak {
            None => first_scalar.clone(),
            Some(sum) => PaymentScalar::from_inner(
                first_scalar
                    .inner()
                    .add(&sum.negate())
                    .ok_or(RouteError::Degenerate)?,
            ),
        };
        if t.opens(&self.payee_point) {
            Ok(t)
        } else {
            Err(RouteError::WrongScalar)
        }
    }
}

impl fmt::Debug for RoutePayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RoutePayer")
            .field("payee_point", &self.payee_point)
            .field("first_point", &self.current)
            .field("total_tweak", &"<redacted>")
            .finish()
    }
}

/// Builds a whole decorrelated route of `hops` forwarding hops, ordered from
/// the payer (index 0) to the payee, and the payer's state.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// let t = ptlc::PaymentScalar::random(&mut rng)?;
/// let (route, payer) = ptlc::decorrelate_route(&t.point(), 3, &mut rng)?;
/// assert_eq!(route.len(), 3);
/// assert_eq!(route[0].incoming, payer.first_point());
/// assert_eq!(route[2].outgoing, t.point());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "alloc")]
pub fn decorrelate_route<R: RngCore + CryptoRng + ?Sized>(
    payee_point: &PaymentPoint,
    hops: usize,
    rng: &mut R,
) -> Result<(alloc::vec::Vec<HopLock>, RoutePayer), RouteError> {
    let mut payer = RoutePayer::new(*payee_point);
    let mut route = alloc::vec::Vec::with_capacity(hops);
    for _ in 0..hops {
        route.push(payer.add_upstream_hop(rng)?);
    }
    route.reverse();
    Ok((route, payer))
}
