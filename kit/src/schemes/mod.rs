//! The registry of schemes: one module per vector file, each a
//! [`Scheme`] of case kinds. A new scheme is a new
//! module here with its `SCHEME`, added to [`ALL`].

use crate::case::Scheme;

pub mod blob;
pub mod ecdsa_adaptor;
pub mod mailbox_route;
pub mod musig_adaptor;
pub mod pay_for_partial_signature;
pub mod pay_for_signature;
pub mod payment;
pub mod schnorr_adaptor;

/// Every scheme `gen` and `check` know, by name.
pub const ALL: &[&Scheme] = &[
    &payment::SCHEME,
    &schnorr_adaptor::SCHEME,
    &ecdsa_adaptor::SCHEME,
    &pay_for_signature::SCHEME,
    &blob::SCHEME,
    &musig_adaptor::SCHEME,
    &mailbox_route::SCHEME,
    &pay_for_partial_signature::SCHEME,
];

/// The scheme called `name`.
pub fn find(name: &str) -> Option<&'static Scheme> {
    ALL.iter().copied().find(|s| s.name == name)
}
