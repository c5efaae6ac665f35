//! # ptlc
//!
//! Cryptographic primitives for asynchronous Lightning payments, built on
//! libsecp256k1 (through the [`secp256k1`] crate, re-exported here so that
//! callers use the matching version).
//!
//! * [`PaymentScalar`] / [`PaymentPoint`]: the secret `t` and the point `T = t·G`
//!   a PTLC is locked to; revealing `t` is the proof of payment.
//! * [`route`]: per-hop tweaks that give every hop of a route a different point.
//! * [`schnorr_adaptor`]: BIP-340 adaptor signatures (secp256k1-zkp compatible).
//! * [`pay_for_signature`]: selling a BIP-340 signature for a PTLC to its signature point.
//! * [`pay_for_partial_signature`]: selling a MuSig2 partial signature for a PTLC to its
//!   partial-signature point (the asynchronous payment over a Taproot channel).
//! * [`blob`], [`tlv`], [`package`]: the asynchronous payment package, sealed
//!   to the payee for store-and-forward servers.
//! * [`mailbox_route`]: the package's route to the payee's mailbox as a BOLT 4
//!   onion message over a blinded path (payer and payee relays).
//! * [`ecdsa_adaptor`]: ECDSA adaptor signatures, byte-compatible with
//!   secp256k1-zkp's `ecdsa_adaptor` module, for PTLCs over non-Taproot channels.
//! * [`context`]: the libsecp256k1 context the crate owns and its
//!   randomization policy (feature `rerandomize` for hardware signers).
//!
//! The normative description of every algorithm is SPEC.md in the repository;
//! module and function names follow it.
//!
//! The crate is `#![no_std]`; `std` and `alloc` are optional features, and no
//! signing path allocates.
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::{PaymentScalar, PaymentPoint};
//! let t = PaymentScalar::random(&mut rng)?;
//! let point: PaymentPoint = t.point().to_string().parse()?;
//! assert!(t.opens(&point));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_code)]
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::panic
    )
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", ptlc_ctime))]
extern crate std;

pub use rand_core;
pub use secp256k1;

mod arith;
pub mod blob;
// The one module that calls libsecp256k1 directly (issue 16); every `unsafe`
// block in it carries a `SAFETY:` comment. The rest of the crate denies unsafe.
#[allow(unsafe_code)]
pub mod context;
#[cfg(ptlc_ctime)]
#[doc(hidden)]
pub mod ctime_hooks;
#[cfg(not(ptlc_ctime))]
mod ctime_hooks;
pub mod ecdsa_adaptor;
pub mod error;
mod hex;
pub mod mailbox_route;
pub mod musig;
pub mod package;
pub mod pay_for_partial_signature;
pub mod pay_for_signature;
pub mod payment;
pub mod route;
pub mod schnorr_adaptor;
pub mod tlv;

pub use blob::BlobError;
pub use ecdsa_adaptor::EcdsaAdaptorError;
pub use error::{HexError, PointError, RouteError, ScalarError};
pub use mailbox_route::MailboxRouteError;
pub use musig::MusigError;
pub use package::{MusigPackage, Package, PackageError};
pub use pay_for_partial_signature::{PartialSignatureOffer, PayForPartialSignatureError};
pub use pay_for_signature::{PayForSignatureError, SignatureOffer};
pub use payment::{PaymentPoint, PaymentScalar};
#[cfg(feature = "alloc")]
pub use route::decorrelate_route;
pub use route::{upstream_scalar, verify_hop, HopLock, HopTweak, RoutePayer};
pub use schnorr_adaptor::{PreSignature, SchnorrAdaptorError};
pub use tlv::TlvError;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
